import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { PoolOptions } from '../db/busy.ts';
import { openDatabase, pgliteParsers, type Database } from '../db/database.ts';
import { createFreshPostgresDatabase } from '../db/fresh-database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { PGliteDialect } from '../db/pglite-dialect.ts';
import { withSecrets } from '../secrets/secrets.ts';
import type { DB } from '../db/schema.ts';
import { describeEachDatabase, type DatabaseSource, type TestEngine } from '../testing/databases.ts';
import { seedDemo } from './seed.ts';
import { testSecrets } from '../testing/secrets.ts';

/**
 * Test databases with the demo merchant, seeded once per test run and copied for each suite: seeding lives through a
 * year of signups and billing runs, which costs seconds, while a copy costs a fraction of that. PGlite copies load a
 * dump of the data directory (`dumpDataDir`), kept in the system's temporary folder; PostgreSQL copies are made with
 * `CREATE DATABASE … TEMPLATE` from a template database on the test server. Both are named after the server's source
 * code, the locked dependencies and the day, so a change to any of them, or a new day, seeds afresh; copies of one day
 * are the same as seeding them would be.
 */
export const demoDatabase: DatabaseSource = demoDatabaseWith({});

/** `demoDatabase` opened with the given pool (size and wait), e.g. a small one for overload tests. */
export function demoDatabaseWith(pool: PoolOptions): DatabaseSource {
  return {
    async open(engine: TestEngine) {
      if (engine === 'pglite') {
        const database = await openDatabase(
          { kind: 'memory', loadDataDir: await pgliteDemoDump(), pool },
          { secrets: testSecrets() },
        );
        return { database, drop: async () => undefined };
      }
      const copy = await postgresDemoCopy();
      try {
        return {
          database: await openDatabase({ kind: 'postgres', url: copy.url, pool }, { secrets: testSecrets() }),
          drop: copy.drop,
        };
      } catch (error) {
        await copy.drop();
        throw error;
      }
    },
  };
}

/** Writes a PGlite data directory with the demo seeded (for a server process started on it). */
export async function writeDemoDataDir(dataDir: string): Promise<void> {
  const database = await openDatabase(
    { kind: 'pglite', dataDir, loadDataDir: await pgliteDemoDump() },
    { secrets: testSecrets() },
  );
  await database.close();
}

const serverSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the seeded copy depends on: the server's source (tests aside), the locked dependencies, and the day. */
async function demoKey(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(path.join(serverSrc, '..', '..', '..', 'package-lock.json')).catch(() => ''));
  const files = (await readdir(serverSrc, { recursive: true }))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(path.join(serverSrc, file)));
  }
  hash.update(new Date().toISOString().slice(0, 10));
  return hash.digest('hex').slice(0, 16);
}

let dump: Promise<Blob> | undefined;

/** The dump of a seeded PGlite data directory: from the cache file when there is one, else made and cached. */
function pgliteDemoDump(): Promise<Blob> {
  dump ??= (async () => {
    const folder = path.join(os.tmpdir(), 'portico-test-demo');
    const file = path.join(folder, `pglite-${await demoKey()}.tar`);
    const cached = await readFile(file).catch(() => null);
    if (cached) return new Blob([cached]);
    const client = await PGlite.create({ parsers: pgliteParsers });
    const db = withSecrets(new Kysely<DB>({ dialect: new PGliteDialect(client) }), testSecrets());
    try {
      await migrateToLatest(db);
      await seedDemo(db);
      const made = await client.dumpDataDir('none');
      // Written under a temporary name and renamed, so a test process running alongside never reads half a file.
      await mkdir(folder, { recursive: true });
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, new Uint8Array(await made.arrayBuffer()));
      await rename(partial, file);
      await removeStale(folder, file);
      return made;
    } finally {
      await db.destroy();
      if (!client.closed) await client.close();
    }
  })();
  return dump;
}

/** Cache files of other source versions or days, a day after they were written. */
async function removeStale(folder: string, keep: string): Promise<void> {
  for (const name of await readdir(folder)) {
    const file = path.join(folder, name);
    if (file === keep) continue;
    const age = Date.now() - (await stat(file).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > 86_400_000) await rm(file, { force: true });
  }
}

let template: Promise<string> | undefined;

/** A new database on the PostgreSQL test server copied from the seeded template, and how to drop it. */
export async function postgresDemoCopy(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.PORTICO_TEST_DATABASE_URL;
  if (!base) throw new Error('PORTICO_TEST_DATABASE_URL is not set');
  template ??= postgresTemplate(base);
  const name = await template;
  return createFreshPostgresDatabase(base, 'portico_test', name);
}

/**
 * The template database `portico_demo_<key>`: made once (by whichever test process comes first) by seeding a fresh
 * database and renaming it, so that no copy is ever made of a half-seeded one. Templates of other keys are dropped
 * when nobody uses them.
 */
async function postgresTemplate(base: string): Promise<string> {
  const name = `portico_demo_${await demoKey()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    const existing = await admin.query('select datname from pg_database where datname like $1', ['portico_demo_%']);
    if (existing.rows.some((row: { datname: string }) => row.datname === name)) return name;
    const fresh = await createFreshPostgresDatabase(base, 'portico_demo_build');
    const database = await openDatabase({ kind: 'postgres', url: fresh.url }, { secrets: testSecrets() });
    try {
      await seedDemo(database.db);
    } finally {
      await database.close();
    }
    const building = new URL(fresh.url).pathname.slice(1);
    try {
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch (error) {
      // Another test process made it first.
      await fresh.drop();
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
    for (const { datname } of existing.rows as Array<{ datname: string }>) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    }
    return name;
  } finally {
    await admin.end();
  }
}

/** `describeEachDatabase` on copies of the seeded demo: the suite's database holds the demo merchant. */
export function describeEachDemoDatabase(name: string, suite: (database: () => Database) => void): void {
  describeEachDatabase(name, suite, demoDatabase);
}
