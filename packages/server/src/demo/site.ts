import { readdir } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FeatureOptions } from '../context.ts';
import { createSelfServiceLink } from '../access/links.ts';
import { DEMO_TENANT_ID } from './seed.ts';
import { translatedLocales } from '../i18n-api/xliff.ts';
import { notFound } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import { loopbackOnly } from '../http/loopback.ts';
import { setPagePolicy } from '../http/csp.ts';

/**
 * The fictional merchant's site (`demo/`) at `/demo-site/`. `/demo-site/config.json` plays the merchant's backend:
 * the demo plan variant and a fresh one-hour portal token for the first active demo contract (a real merchant issues
 * it server-side through `POST /api/v1/contracts/{id}/self-service-token` for its signed-in customer). For the
 * designer playground it also lists the preset themes (`themes/*.css`) and the languages with translations.
 * Registered only when the demo is on (`PORTICO_DEMO`), and served only to requests from this machine (anyone else
 * gets a 404) unless `PORTICO_DEMO_REMOTE` opens it: the config route hands out a live owner session.
 */
export const demoSite: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context }) => {
  const { database } = context;
  const { themesDir } = context.config;
  app.addHook('onRequest', loopbackOnly(context.config.demoRemote));
  // The site's pages load their scripts from files (no inline script); the site exists only in development.
  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      setPagePolicy(reply, { frameAncestors: "frame-ancestors 'self'", development: true });
    }
  });
  app.get(
    '/config.json',
    {
      schema: {
        summary: "The demo merchant's site configuration: plan variant, a portal token, themes and languages",
        tags: ['demo'],
        response: {
          200: Type.Object({
            tenant: Type.String(),
            planVariantId: Type.String(),
            portalToken: Type.Union([Type.String(), Type.Null()]),
            themes: Type.Array(Type.String()),
            languages: Type.Array(Type.String()),
          }),
          ...errors(404),
        },
      },
    },
    async (_request, reply) => {
      const db = database.db;
      const variant = await db
        .selectFrom('plan_variants')
        .where('tenant_id', '=', DEMO_TENANT_ID)
        .where('allow_signup', '=', true)
        .orderBy('position')
        .select('id')
        .executeTakeFirst();
      if (!variant) throw notFound('The demo merchant');
      const contract = await db
        .selectFrom('contracts')
        .where('tenant_id', '=', DEMO_TENANT_ID)
        .where('status', '=', 'active')
        .orderBy('contract_number')
        .select('id')
        .executeTakeFirst();
      const portalToken = contract
        ? (
            await createSelfServiceLink(db, {
              tenantId: DEMO_TENANT_ID,
              contractId: contract.id,
              lifetimeSeconds: 3600,
            })
          ).token
        : null;
      const themes = (await readdir(themesDir))
        .filter((file) => file.endsWith('.css'))
        .map((file) => file.slice(0, -'.css'.length))
        .sort();
      const languages = ['en', ...(await translatedLocales(path.resolve(themesDir, '..', 'locales')))];
      return reply
        .header('cache-control', 'no-store')
        .send({ tenant: DEMO_TENANT_ID, planVariantId: variant.id, portalToken, themes, languages });
    },
  );
  await app.register(fastifyStatic, {
    root: path.resolve(themesDir, '..', 'demo'),
    prefix: '/',
    decorateReply: false,
    schemaHide: false,
  });
};
