import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../app.ts';
import { createSelfServiceLink } from '../access/links.ts';
import { DEMO_TENANT_ID } from '../db/seed.ts';
import { translatedLocales } from '../i18n-api/xliff.ts';
import { notFound } from '../http/errors.ts';

/**
 * The fictional merchant's site (`demo/`) at `/demo-site/`. `/demo-site/config.json` plays the merchant's backend:
 * the demo plan variant and a fresh one-hour portal token for the first active demo contract (a real merchant issues
 * it server-side through `POST /api/v1/contracts/{id}/self-service-token` for its signed-in customer). For the
 * designer playground it also lists the preset themes (`themes/*.css`) and the languages with translations.
 */
export async function registerDemoSite(app: FastifyInstance, { database, themesDir }: AppContext): Promise<void> {
  app.get('/demo-site/config.json', async (_request, reply) => {
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
      ? (await createSelfServiceLink(db, { tenantId: DEMO_TENANT_ID, contractId: contract.id, lifetimeSeconds: 3600 }))
          .token
      : null;
    const themes = (await readdir(themesDir))
      .filter((file) => file.endsWith('.css'))
      .map((file) => file.slice(0, -'.css'.length))
      .sort();
    const languages = ['en', ...(await translatedLocales(path.resolve(themesDir, '..', 'locales')))];
    return reply
      .header('cache-control', 'no-store')
      .send({ tenant: DEMO_TENANT_ID, planVariantId: variant.id, portalToken, themes, languages });
  });
  await app.register(fastifyStatic, {
    root: path.resolve(themesDir, '..', 'demo'),
    prefix: '/demo-site/',
    decorateReply: false,
  });
}
