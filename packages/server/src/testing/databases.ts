import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createFreshPostgresDatabase as createFreshDatabaseOn } from '../db/fresh-database.ts';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { openDatabase, pgliteParsers, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { PGliteDialect } from '../db/pglite-dialect.ts';
import type { DB } from '../db/schema.ts';
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
    if (engine === 'pglite') return { database: await openFreshPglite(), drop: async () => undefined };
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

/**
 * A fresh, migrated in-memory PGlite. A new PGlite runs initdb, which costs seconds (over 15 s on a busy machine),
 * while loading the dump of a freshly migrated one costs a fraction: the dump is made once and kept in the system's
 * temporary folder, named after the migrations and the locked dependencies, so a new migration or a PGlite update
 * makes a new one. `openDatabase` then applies any migration the dump lacks, as on every start.
 */
export async function openFreshPglite(): Promise<Database> {
  return openDatabase({ kind: 'memory', loadDataDir: await migratedDump() }, { secrets: testSecrets() });
}

const dbSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'db');
let dump: Promise<Blob> | undefined;

/** The dump `openFreshPglite` starts from (also for a PGlite data directory: `loadDataDir`). */
export function migratedDump(): Promise<Blob> {
  dump ??= (async () => {
    const hash = createHash('sha256');
    hash.update(await readFile(path.join(dbSrc, '..', '..', '..', '..', 'package-lock.json')).catch(() => ''));
    const files = [
      'migrate.ts',
      'database.ts',
      ...(await readdir(path.join(dbSrc, 'migrations'))).sort().map((file) => path.join('migrations', file)),
    ];
    for (const file of files) {
      hash.update(file);
      hash.update(await readFile(path.join(dbSrc, file)));
    }
    const folder = path.join(os.tmpdir(), 'portico-test-demo');
    const file = path.join(folder, `pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar`);
    const cached = await readFile(file).catch(() => null);
    if (cached) return new Blob([cached]);
    const client = await PGlite.create({ parsers: pgliteParsers });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
    try {
      await migrateToLatest(db);
      const made = await client.dumpDataDir('none');
      // Written under a temporary name and renamed, so a test process running alongside never reads half a file.
      await mkdir(folder, { recursive: true });
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, new Uint8Array(await made.arrayBuffer()));
      await rename(partial, file);
      return made;
    } finally {
      await db.destroy();
      if (!client.closed) await client.close();
    }
  })();
  return dump;
}
