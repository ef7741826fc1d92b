import { after, before, describe } from 'node:test';
import { createFreshPostgresDatabase as createFreshDatabaseOn } from './fresh-database.ts';
import { openDatabase, type Database } from './database.ts';

/**
 * Runs a suite against every database Portico supports: PGlite always, and a PostgreSQL server
 * when PORTICO_TEST_DATABASE_URL is set. Each run gets a fresh database, migrated to the latest version.
 */
export function describeEachDatabase(name: string, suite: (database: () => Database) => void): void {
  for (const engine of testEngines()) {
    describe(`${name} [${engine}]`, () => {
      let database: Database | undefined;
      let dropDatabase: (() => Promise<void>) | undefined;
      before(async () => {
        if (engine === 'pglite') {
          database = await openDatabase({ kind: 'memory' });
        } else {
          const fresh = await createFreshPostgresDatabase();
          dropDatabase = fresh.drop;
          database = await openDatabase({ kind: 'postgres', url: fresh.url });
        }
      });
      after(async () => {
        await database?.close();
        await dropDatabase?.();
      });
      suite(() => {
        if (!database) throw new Error('database not open yet: use it inside a test or hook');
        return database;
      });
    });
  }
}

export function testEngines(): Array<'pglite' | 'postgres'> {
  return process.env.PORTICO_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Creates an empty database next to PORTICO_TEST_DATABASE_URL's and returns its URL and a drop function. */
export async function createFreshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.PORTICO_TEST_DATABASE_URL;
  if (!base) throw new Error('PORTICO_TEST_DATABASE_URL is not set');
  return createFreshDatabaseOn(base);
}
