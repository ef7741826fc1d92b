import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../context.ts';

/** A hashed chunk's address changes with its content, so a browser (or a CDN) may keep it for a year unasked. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Stable addresses (the entry points merchants embed, the themes): kept, but asked about (ETag) before each use. */
export const REVALIDATE = 'no-cache';

/**
 * The browser bundle (`/assets/`, the `dist/` of `npm run build`) and the theme files (`/themes/`); both may be read
 * from any origin (the inline embed loads them into the merchant's page).
 *
 * The bundle is sent as the build precompressed it (`scripts/vite-compress.mjs`): `file.br` to a client accepting
 * brotli, else `file.gz` to one accepting gzip, else the file itself, always with `Vary: Accept-Encoding`.
 * The chunks (`chunks/<name>-<hash>.js`) are immutable; the entry points (`portico-signup.js`, … — stable names
 * that merchants' pages embed) are revalidated with their ETag on every use, which costs a 304 without a body.
 * The themes are revalidated the same way and sent as they are: at 1.2–1.4 KB each, compressing them would save
 * less than a kilobyte on a first visit only, not worth compressing per request.
 */
export async function registerPublicFiles(app: FastifyInstance, { config, logger }: AppContext): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/') || request.url.startsWith('/themes/')) {
      reply.header('access-control-allow-origin', '*');
    }
  });
  if (existsSync(config.assetsDir)) {
    const root = path.resolve(config.assetsDir);
    const chunks = path.join(root, 'chunks') + path.sep;
    await app.register(fastifyStatic, {
      root,
      prefix: '/assets/',
      decorateReply: false,
      schemaHide: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.startsWith(chunks) ? IMMUTABLE : REVALIDATE);
      },
    });
  } else {
    logger.warn({ assetsDir: config.assetsDir }, 'browser bundle not built: run `npm run build`');
  }
  await app.register(fastifyStatic, {
    root: path.resolve(config.themesDir),
    prefix: '/themes/',
    decorateReply: false,
    schemaHide: false,
    cacheControl: false,
    setHeaders: (reply) => {
      reply.header('cache-control', REVALIDATE);
    },
  });
}
