import type { FastifyReply } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A limit: at most `limit` hits per `windowSeconds` for each tenant and client key, counted under `scope`. */
export interface RateLimitRule {
  scope: string;
  limit: number;
  windowSeconds: number;
}

/** The outcome of one hit, with what rate limit headers need. */
export interface RateLimitState {
  allowed: boolean;
  limit: number;
  /** Hits left in the current window (0 once refused). */
  remaining: number;
  /** Seconds until the window ends and the count starts again (at least 1). */
  resetSeconds: number;
}

export interface RateLimiter {
  /** Counts a hit of `clientKey` at the tenant and tells whether it is within the limit. */
  hit(tenantId: string, clientKey: string): Promise<RateLimitState>;
}

/** How often a process deletes counters whose window has ended. */
const PRUNE_EVERY_MS = 60_000;

/**
 * A rate limiter whose counters live in the database (`rate_limits`), so every server instance on it counts
 * together and a restart forgets nothing. A window starts with a client's first hit and lasts `windowSeconds`
 * by the database clock; each hit is one atomic upsert, so concurrent hits on several instances never lose a
 * count. Refused hits do not extend the window.
 */
export function createRateLimiter(db: Kysely<DB>, rule: RateLimitRule): RateLimiter {
  const prune = pruner(db);
  return {
    async hit(tenantId, clientKey) {
      await prune();
      return countHit(db, rule, tenantId, clientKey);
    },
  };
}

/**
 * Deletes the counters whose window has ended: at its first call (a started process) and then at most once a
 * minute.
 */
export function pruner(db: Kysely<DB>): () => Promise<void> {
  let prunedAt = 0;
  return async () => {
    if (Date.now() - prunedAt <= PRUNE_EVERY_MS) return;
    prunedAt = Date.now();
    await db
      .deleteFrom('rate_limits')
      .where('window_ends_at', '<', sql<Date>`now()`)
      .execute();
  };
}

/**
 * Counts one hit of `clientKey` at the tenant under `rule` in one atomic upsert, by the database clock (the
 * counting of `createRateLimiter`, and of the merchant API's `@fastify/rate-limit` store).
 */
export async function countHit(
  db: Kysely<DB>,
  rule: RateLimitRule,
  tenantId: string,
  clientKey: string,
): Promise<RateLimitState> {
  const window = sql`make_interval(secs => ${rule.windowSeconds})`;
  const { hits, reset_seconds } = await sql<{ hits: number; reset_seconds: number }>`
    insert into rate_limits as r (scope, tenant_id, client_key, window_ends_at, hits)
    values (${rule.scope}, ${tenantId}, ${clientKey}, now() + ${window}, 1)
    on conflict (scope, tenant_id, client_key) do update set
      hits = case when r.window_ends_at <= now() then 1 else least(r.hits, ${rule.limit}) + 1 end,
      window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
    returning hits, ceil(extract(epoch from window_ends_at - now()))::int as reset_seconds`
    .execute(db)
    .then((result) => result.rows[0]!);
  return {
    allowed: hits <= rule.limit,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - hits),
    resetSeconds: Math.max(1, reset_seconds),
  };
}

/** Answers a refused hit: 429 `rate_limited` with `Retry-After`. */
export function sendRateLimited(reply: FastifyReply, state: RateLimitState): FastifyReply {
  return reply
    .status(429)
    .header('retry-after', String(state.resetSeconds))
    .send({ error: { code: 'rate_limited', message: 'Too many requests. Please try again later.' } });
}
