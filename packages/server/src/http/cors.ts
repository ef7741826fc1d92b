import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../db/database.ts';
import { getTenantSettings } from '../db/tenant.ts';
import { allowedParentOrigin } from './origins.ts';

/**
 * CORS for a tenant's public API (signup, portal), added by their plugins: a request whose `Origin` is exactly one
 * of the tenant's `frameOrigins` may read the answer; any other origin gets no CORS headers (the browser refuses).
 * No credentials (the APIs use no cookies; the portal sends its session token in a header). Preflights are
 * answered here, before any authentication. The plugin's prefix must name the tenant (`/…/:tenant`).
 */
export function allowTenantOrigins(app: FastifyInstance, database: Database): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    const tenant = (request.params as { tenant?: string }).tenant;
    if (typeof origin !== 'string' || !tenant) return;
    const settings = await getTenantSettings(database.db, tenant).catch(() => undefined);
    const allowed = allowedParentOrigin(origin, [], settings?.frameOrigins ?? []) !== null;
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
  // The route a preflight reaches; the hook above answers it.
  app.options(
    '/*',
    { schema: { summary: 'CORS preflight', tags: ['cors'], response: { 204: Type.Null() } } },
    async (_request, reply) => reply.status(204).send(),
  );
}
