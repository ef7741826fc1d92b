import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.ts';
import { getTenantSettings } from '../db/tenant.ts';

/** The public APIs a page on a merchant's own origin may call: `/api/{signup|portal}/{tenant}/…`. */
const CORS_PATH = /^\/api\/(?:signup|portal)\/([^/?#]+)(?:[/?#]|$)/;

/**
 * CORS for the signup and portal APIs: a request whose `Origin` is exactly one of the tenant's
 * `frameOrigins` may read the answer; any other origin gets no CORS headers (the browser refuses).
 * No credentials (the APIs use no cookies; the portal sends its session token in a header). The public bundle
 * (`/assets/`) and themes (`/themes/`) may be read from any origin.
 */
export function registerCors(app: FastifyInstance, { database }: AppContext): void {
  app.addHook('onRequest', async (request, reply) => {
    // The bundle and themes are public files: a merchant page loads the loader as a module script (CORS mode).
    if (request.url.startsWith('/assets/') || request.url.startsWith('/themes/')) {
      reply.header('access-control-allow-origin', '*');
      return;
    }
    const match = CORS_PATH.exec(request.url);
    if (!match?.[1]) return;
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (typeof origin !== 'string') return;
    const tenant = decodeURIComponent(match[1]);
    const settings = await getTenantSettings(database.db, tenant).catch(() => undefined);
    const allowed = settings?.frameOrigins.includes(origin) ?? false;
    if (allowed) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'Retry-After, Date');
    }
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      if (allowed) {
        reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
        reply.header('access-control-allow-headers', 'Content-Type, Authorization, Idempotency-Key');
        reply.header('access-control-max-age', '600');
      }
      await reply.status(204).send();
    }
  });
}
