import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates an empty database on the server of `baseUrl` (named `<prefix>_<random>`) and returns its URL and a
 * function that drops it again. Used by the test harness and the benchmark.
 */
export async function createFreshPostgresDatabase(
  baseUrl: string,
  prefix = 'portico_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
