import type { FastifyInstance } from 'fastify';
import { createApp, type AppOptions } from '../app.ts';
import type { Database } from '../db/database.ts';
import { defaultLimits, type Limits } from '../http/limits.ts';

/**
 * The tests' rate limits: far above what any suite sends, so that only the tests of a limit (which pass their own
 * `limits`) meet one — suites of other features place dozens of orders from one address.
 */
export const generousLimits: Limits = {
  ...(Object.fromEntries(
    Object.entries(defaultLimits).map(([name, limit]) => [
      name,
      typeof limit === 'number' ? 100_000 : { ...limit, limit: 100_000 },
    ]),
  ) as unknown as Limits),
};

/**
 * The one app factory of the server tests: the real application on the given database (for `app.inject` or a
 * listening test server), quiet, with every answer checked against its route's response schema — a test fails
 * (500) when a route sends what its schema does not describe. `options` adds what a test needs (a reverse proxy,
 * the demo site, a logger, its own rate limits). The event-loop pressure check (503) is off unless a test turns it
 * on: on a busy test machine it would answer requests of unrelated tests 503.
 */
export function testApp(
  database: Database,
  options: Partial<Omit<AppOptions, 'database'>> = {},
): Promise<FastifyInstance> {
  return createApp({
    logger: false,
    strictResponses: true,
    maxEventLoopDelayMs: 0,
    ...options,
    limits: { ...generousLimits, ...options.limits },
    database,
  });
}
