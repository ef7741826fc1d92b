import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FeatureOptions } from '../context.ts';
import { apiKeyRoutes } from './api-key-routes.ts';
import { authenticateApiKey } from './api-keys.ts';
import { billingRunRoutes } from './billing-runs.ts';
import { customerRoutes } from './customers.ts';
import { eventRoutes } from './events.ts';
import { usageRecordRoutes } from './usage-records.ts';
import { webhookRoutes } from './webhook-routes.ts';
import { merchantIdempotency } from './idempotency.ts';
import { merchantRateLimit } from './rate-limit.ts';
import { selfServiceTokenRoutes } from './self-service-token.ts';

/**
 * The merchant API, `/api/v1/…`: every route answers only a valid API key (`Authorization: Bearer <key>` or
 * `X-Api-Key`), checked once here before anything else, and sees only its key's tenant (`request.merchant`); a
 * `read` key only GET. Then, for every route: the key's rate limit (`rate-limit.ts`) and, for a POST,
 * `Idempotency-Key` (`idempotency.ts`).
 */
export const merchantApi: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context }) => {
  const { database } = context;
  const options = { context };
  app.decorateRequest('merchant', null);
  app.addHook('onRequest', async (request) => {
    request.merchant = await authenticateApiKey(database.db, request);
  });
  await merchantRateLimit(app, database.db);
  merchantIdempotency(app, database.db);
  await app.register(apiKeyRoutes, options);
  await app.register(customerRoutes, options);
  await app.register(webhookRoutes, options);
  await app.register(eventRoutes, options);
  await app.register(usageRecordRoutes, options);
  await app.register(selfServiceTokenRoutes, options);
  await app.register(billingRunRoutes, options);
};
