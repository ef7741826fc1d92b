import { after, before, describe } from 'node:test';
import { createFreshPostgresDatabase as createFreshDatabaseOn } from '../db/fresh-database.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { testSecrets } from './secrets.ts';

export type TestEngine = 'pglite' | 'postgres';

/** Where a suite's database comes from, when not a fresh empty one (e.g. `demoDatabase` of `demo/testing.ts`). */
export interface DatabaseSource {
  open(engine: TestEngine): Promise<{ database: Database; drop: () => Promise<void> }>;
}

/**
 * Runs a suite against every database Portico supports: PGlite always, and a PostgreSQL server
 * when PORTICO_TEST_DATABASE_URL is set. Each run gets a fresh database, migrated to the latest version, or one
 * from `source`.
 */
export function describeEachDatabase(
  name: string,
  suite: (database: () => Database) => void,
  source: DatabaseSource = freshDatabase,
): void {
  for (const engine of testEngines()) {
    describe(`${name} [${engine}]`, () => {
      let database: Database | undefined;
      let dropDatabase: (() => Promise<void>) | undefined;
      before(async () => {
        ({ database, drop: dropDatabase } = await source.open(engine));
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

const freshDatabase: DatabaseSource = {
  async open(engine) {
    if (engine === 'pglite')
      return {
        database: await openDatabase({ kind: 'memory' }, { secrets: testSecrets() }),
        drop: async () => undefined,
      };
    const fresh = await createFreshPostgresDatabase();
    return {
      database: await openDatabase({ kind: 'postgres', url: fresh.url }, { secrets: testSecrets() }),
      drop: fresh.drop,
    };
  },
};

export function testEngines(): TestEngine[] {
  return process.env.PORTICO_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Creates an empty database next to PORTICO_TEST_DATABASE_URL's and returns its URL and a drop function. */
export async function createFreshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.PORTICO_TEST_DATABASE_URL;
  if (!base) throw new Error('PORTICO_TEST_DATABASE_URL is not set');
  return createFreshDatabaseOn(base);
}
