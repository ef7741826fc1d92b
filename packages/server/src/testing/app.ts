import type { FastifyInstance } from 'fastify';
import { createApp, type AppOptions } from '../app.ts';
import type { Database } from '../db/database.ts';

/**
 * The one app factory of the server tests: the real application on the given database (for `app.inject` or a
 * listening test server), quiet, with every answer checked against its route's response schema — a test fails
 * (500) when a route sends what its schema does not describe. `options` adds what a test needs (a reverse proxy,
 * the demo site, a logger).
 */
export function testApp(
  database: Database,
  options: Partial<Omit<AppOptions, 'database'>> = {},
): Promise<FastifyInstance> {
  return createApp({ logger: false, strictResponses: true, ...options, database });
}
