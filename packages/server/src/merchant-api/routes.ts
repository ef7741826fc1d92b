import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FeatureOptions } from '../context.ts';
import { authenticateApiKey } from './api-keys.ts';
import { billingRunRoutes } from './billing-runs.ts';
import { selfServiceTokenRoutes } from './self-service-token.ts';

/**
 * The merchant API, `/api/v1/…`: every route answers only a valid API key (`Authorization: Bearer <key>` or
 * `X-Api-Key`), checked once here before anything else, and sees only its key's tenant (`request.merchant`).
 */
export const merchantApi: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context }) => {
  const { database } = context;
  const options = { context };
  app.decorateRequest('merchant', null);
  app.addHook('onRequest', async (request) => {
    request.merchant = await authenticateApiKey(database.db, request);
  });
  await app.register(selfServiceTokenRoutes, options);
  await app.register(billingRunRoutes, options);
};
