import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { getTenantSettings } from '../db/tenant.ts';
import { HttpError } from '../http/errors.ts';
import { countHit, pruner } from '../http/rate-limit.ts';
import { merchantOf } from './api-keys.ts';

/** The counters' scope in `rate_limits`: one counter per API key. */
const SCOPE = 'merchant-api';

/**
 * A `@fastify/rate-limit` store on the `rate_limits` table (`countHit` of `http/rate-limit.ts`, the counting the
 * order and e-mail limits use): every server instance on the database counts together, a restart forgets nothing.
 * Its keys are `tenant/apiKeyId` (a tenant id has no `/`).
 */
function databaseStore(db: Kysely<DB>): FastifyRateLimitStoreCtor {
  const prune = pruner(db);
  return class DatabaseStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      const slash = key.indexOf('/');
      const rule = { scope: SCOPE, limit: max, windowSeconds: Math.max(1, Math.ceil(timeWindow / 1000)) };
      prune()
        .then(() => countHit(db, rule, key.slice(0, slash), key.slice(slash + 1)))
        .then(
          (state) =>
            // A refused hit is one past the limit (the counter stops there).
            callback(null, {
              current: state.allowed ? state.limit - state.remaining : state.limit + 1,
              ttl: state.resetSeconds * 1000,
            }),
          (error: Error) => callback(error),
        );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

/** The tenant's API limit (`settings.rateLimit`: 100 calls per 60 s unless the merchant's settings say otherwise). */
async function tenantLimit(
  db: Kysely<DB>,
  request: FastifyRequest,
): Promise<{ requests: number; windowSeconds: number }> {
  const settings = await getTenantSettings(db, merchantOf(request).tenantId);
  return settings?.rateLimit ?? { requests: 100, windowSeconds: 60 };
}

/**
 * The merchant API's rate limit, per API key, counted in the database across instances: `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` (seconds) on every answer; beyond the limit 429 `rate_limited` with
 * `Retry-After`. Registered inside the merchant API after its authentication hook, counted before validation, so a
 * malformed request counts too.
 */
export async function merchantRateLimit(app: FastifyInstance, db: Kysely<DB>): Promise<void> {
  await app.register(fastifyRateLimit, {
    hook: 'preValidation',
    enableDraftSpec: true,
    store: databaseStore(db),
    keyGenerator: (request) => {
      const { tenantId, keyId } = merchantOf(request);
      return `${tenantId}/${keyId}`;
    },
    max: async (request) => (await tenantLimit(db, request)).requests,
    timeWindow: async (request) => (await tenantLimit(db, request)).windowSeconds * 1000,
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'rate_limited',
        `This API key made more than ${context.max} calls in the rate limit's window; try again in ${Math.ceil(context.ttl / 1000)} s.`,
      ),
  });
}
