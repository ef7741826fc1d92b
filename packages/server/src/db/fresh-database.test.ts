import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from './database.ts';
import { createFreshPostgresDatabase } from '../testing/databases.ts';
import { testSecrets } from '../testing/secrets.ts';

// The test harness's own PostgreSQL plumbing: only with a server (PORTICO_TEST_DATABASE_URL).
const base = process.env.PORTICO_TEST_DATABASE_URL;

describe('fresh PostgreSQL databases for tests', { skip: !base && 'needs PORTICO_TEST_DATABASE_URL' }, () => {
  let admin: pg.Client;
  const connectionsTo = async (url: string) => {
    const { rows } = await admin.query<{ connections: number }>(
      'select count(*)::int as connections from pg_stat_activity where datname = $1',
      [new URL(url).pathname.slice(1)],
    );
    return rows[0]!.connections;
  };
  const exists = async (url: string) =>
    (await admin.query('select 1 from pg_database where datname = $1', [new URL(url).pathname.slice(1)])).rowCount ===
    1;

  before(async () => {
    admin = new pg.Client({ connectionString: base });
    await admin.connect();
  });
  after(() => admin.end());

  it('close() returns once every pooled connection has closed', async () => {
    const fresh = await createFreshPostgresDatabase();
    try {
      const database = await openDatabase({ kind: 'postgres', url: fresh.url }, { secrets: testSecrets() });
      // Several connections at once, all idle in the pool when close() begins.
      await Promise.all(Array.from({ length: 5 }, () => sql`select pg_sleep(0.05)`.execute(database.db)));
      assert.ok((await connectionsTo(fresh.url)) >= 2);
      await database.close();
      assert.equal(await connectionsTo(fresh.url), 0, 'no connection of the pool is left on the server');
    } finally {
      await fresh.drop();
    }
  });

  it('drop() waits for a connection that is still closing rather than terminating it', async () => {
    const fresh = await createFreshPostgresDatabase();
    const client = new pg.Client({ connectionString: fresh.url });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    await client.connect();
    const ended = new Promise<void>((resolve) => setTimeout(() => void client.end().then(resolve, resolve), 300));
    await fresh.drop();
    await ended;
    assert.deepEqual(
      errors.map((error) => error.message),
      [],
      'the connection ended by itself, not by the server',
    );
    assert.equal(await exists(fresh.url), false);
  });
});
