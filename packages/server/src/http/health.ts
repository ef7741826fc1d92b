import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../app.ts';

/** `/healthz`: the process answers. `/readyz`: it can also reach its database. */
export function registerHealthRoutes(app: FastifyInstance, { database }: AppContext): void {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ready', database: database.kind };
    } catch (error) {
      return reply
        .status(503)
        .send({ status: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
    }
  });
}
