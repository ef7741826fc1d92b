import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { notFound } from './errors.ts';
import { createRateLimiter, sendRateLimited, type RateLimiter, type RateLimitState } from './rate-limit.ts';

/** At most `limit` hits per `windowSeconds`. */
export interface Limit {
  limit: number;
  windowSeconds: number;
}

/**
 * The limits of what a client can make the server do for everyone's cost: place orders (each sends an e-mail and
 * renders a PDF), make card tokens, and trigger e-mails from the portal. Per client address, per tenant (all
 * addresses together, so one merchant's flood leaves the others' capacity alone) and per customer. Counted in the
 * database (`http/rate-limit.ts`), so every server instance counts together.
 */
export interface Limits {
  /**
   * Orders of one tenant being placed at once in this process; more are answered 503 at once. A tenant's orders
   * queue on its number sequences anyway, so more in flight would only hold database connections every other
   * tenant needs.
   */
  ordersInFlightPerTenant: number;
  ordersPerAddress: Limit;
  ordersPerTenant: Limit;
  cardTokensPerAddress: Limit;
  cardTokensPerTenant: Limit;
  /** Invitations (each an e-mail to an address the customer chooses) per customer. */
  invitationsPerCustomer: Limit;
  /** Payment method changes (each a notification e-mail) per customer. */
  paymentMethodChangesPerCustomer: Limit;
  /** Cancellations and their withdrawals (each a confirmation e-mail) per customer. */
  cancellationsPerCustomer: Limit;
}

const TEN_MINUTES = 10 * 60;
const HOUR = 60 * 60;

export const defaultLimits: Limits = {
  ordersInFlightPerTenant: 4,
  ordersPerAddress: { limit: 20, windowSeconds: TEN_MINUTES },
  ordersPerTenant: { limit: 600, windowSeconds: TEN_MINUTES },
  cardTokensPerAddress: { limit: 30, windowSeconds: TEN_MINUTES },
  cardTokensPerTenant: { limit: 1200, windowSeconds: TEN_MINUTES },
  invitationsPerCustomer: { limit: 10, windowSeconds: HOUR },
  paymentMethodChangesPerCustomer: { limit: 10, windowSeconds: HOUR },
  cancellationsPerCustomer: { limit: 10, windowSeconds: HOUR },
};

/** The client key of a tenant-wide counter: every address of the tenant counts on it. */
export const WHOLE_TENANT = '*';

export interface LimitCheck<R extends FastifyRequest> {
  limiter: RateLimiter;
  /** The tenant and the client key (an address, a customer id, `WHOLE_TENANT`) the request counts for. */
  key: (request: R) => [tenantId: string, clientKey: string];
}

/**
 * At most `max` requests per key at once in this process (`enter` false beyond); `leave` gives the place back.
 * For work whose queue would otherwise hold shared resources (database connections).
 */
export function concurrencyGate(max: number) {
  const running = new Map<string, number>();
  return {
    enter(key: string): boolean {
      const count = running.get(key) ?? 0;
      if (count >= max) return false;
      running.set(key, count + 1);
      return true;
    },
    leave(key: string): void {
      const count = (running.get(key) ?? 1) - 1;
      if (count > 0) running.set(key, count);
      else running.delete(key);
    },
  };
}

/** A limiter of `scope` with `limit`'s numbers. */
export function limiterOf(db: Kysely<DB>, scope: string, limit: Limit): RateLimiter {
  return createRateLimiter(db, { scope, ...limit });
}

/**
 * A hook (`preValidation`, or `preHandler` after authentication) that counts the request on each limiter in turn
 * and answers 429 `rate_limited` with `Retry-After` at the first one that refuses it (the later ones are then not
 * counted).
 */
export function rateLimited<R extends FastifyRequest>(...checks: LimitCheck<R>[]) {
  return async (request: R, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    for (const check of checks) {
      const [tenantId, clientKey] = check.key(request);
      const state = await check.limiter.hit(tenantId, clientKey).catch((error: unknown): RateLimitState => {
        // The counter references its tenant: an unknown one is refused by the foreign key.
        if ((error as { code?: unknown }).code === '23503') throw notFound('This merchant');
        throw error;
      });
      if (!state.allowed) return sendRateLimited(reply, state);
    }
    return undefined;
  };
}
