import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** How long `drop` waits for the database's last connections to close before it terminates them. */
const DROP_WAIT_MS = 5000;

/**
 * Creates an empty database (or a copy of `template`) on the server of `baseUrl` (named `<prefix>_<random>`) and returns its URL and a
 * function that drops it again. Used by the test harness and the benchmark.
 *
 * `drop` first waits (at most DROP_WAIT_MS) until pg_stat_activity shows no connection to the database: `WITH
 * (FORCE)` would terminate a connection that is still closing, and its client would raise "terminating connection
 * due to administrator command" as an uncaught error in whatever test file happens to be running.
 */
export async function createFreshPostgresDatabase(
  baseUrl: string,
  prefix = 'portico_test',
  /** A database to copy (`CREATE DATABASE … TEMPLATE`), e.g. one with the demo seeded; none has a connection then. */
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        const deadline = Date.now() + DROP_WAIT_MS;
        while (Date.now() < deadline) {
          const { rows } = await client.query<{ connections: number }>(
            'select count(*)::int as connections from pg_stat_activity where datname = $1',
            [name],
          );
          if (rows[0]!.connections === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
