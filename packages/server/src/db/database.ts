import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { migrateToLatest } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';

/** Where the data lives: a PostgreSQL server, an embedded PGlite directory, or PGlite in memory (tests). */
export type DatabaseTarget =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string } | { kind: 'memory' };

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseTarget['kind'];
  close(): Promise<void>;
}

// BIGINT (int8) columns hold counts and sums that fit in a JS number; read them as numbers.
pg.types.setTypeParser(20, (value: string) => Number(value));
// DATE columns stay 'YYYY-MM-DD' strings: calendar dates carry no time zone.
pg.types.setTypeParser(1082, (value: string) => value);

/** Opens the database, applies pending migrations and returns one Kysely instance for both engines. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  let database: Database;
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5000 });
    // Fail now, with the server's own words, rather than on the first request.
    const client = await pool.connect().catch(async (error: unknown) => {
      await pool.end().catch(() => undefined);
      throw new DatabaseUnavailableError(target.url, error);
    });
    client.release();
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    database = { db, kind: 'postgres', close: () => db.destroy() };
  } else {
    let client: PGlite;
    if (target.kind === 'pglite') {
      await mkdir(target.dataDir, { recursive: true });
      client = await PGlite.create(path.resolve(target.dataDir), { parsers: pgliteParsers });
    } else {
      client = await PGlite.create({ parsers: pgliteParsers });
    }
    const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
    database = {
      db,
      kind: target.kind,
      close: async () => {
        await db.destroy();
        if (!client.closed) await client.close();
      },
    };
  }
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

const pgliteParsers = {
  20: (value: string) => Number(value),
  1082: (value: string) => value,
};

export class DatabaseUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    const where = safeLocation(url);
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    super(`cannot connect to the PostgreSQL server at ${where} (DATABASE_URL): ${reason}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** host:port/database of a connection string, without the password. */
function safeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'an unparsable address';
  }
}
