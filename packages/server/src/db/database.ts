import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { migrateToLatest } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { listenOnPglite, listenOnPostgres, type ChangeFeed } from './change-feed.ts';
import { ReadCache, withReadCache } from './read-cache.ts';
import { DatabaseBusyError, DEFAULT_POOL_SIZE, DEFAULT_POOL_WAIT_MS, type PoolOptions } from './busy.ts';
import { withSecrets, type SecretKeyring } from '../secrets/secrets.ts';
import { sealPlaintextSecrets } from '../secrets/stored.ts';

/** Where the data lives: a PostgreSQL server, an embedded PGlite directory, or PGlite in memory (tests). */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; pool?: PoolOptions }
  | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob; pool?: PoolOptions }
  | { kind: 'memory'; loadDataDir?: Blob; pool?: PoolOptions };

export interface Database {
  /** Carries the instance's read cache (`readCacheOf(db)`) and, with `secrets`, the keyring. */
  db: Kysely<DB>;
  kind: DatabaseTarget['kind'];
  /** Tenant settings and catalog this instance keeps in memory, emptied by change notifications (`read-cache.ts`). */
  cache: ReadCache;
  /**
   * Listens for change notifications on behalf of another cache on the same database (a second instance in a test
   * that shares this PGlite).
   */
  listen(cache: ReadCache): Promise<ChangeFeed>;
  close(): Promise<void>;
}

// BIGINT (int8) columns hold counts and sums that fit in a JS number; read them as numbers.
pg.types.setTypeParser(20, (value: string) => Number(value));
// DATE columns stay 'YYYY-MM-DD' strings: calendar dates carry no time zone.
pg.types.setTypeParser(1082, (value: string) => value);

export interface OpenOptions {
  /**
   * The keyring secrets at rest are sealed with (`secrets/secret-key.ts`): with it, the database handle seals and
   * opens them, and opening seals what is still stored in plaintext. Without it, only code that touches no secret
   * works (e.g. migrations).
   */
  secrets?: SecretKeyring;
}

/**
 * Opens the database, applies pending migrations, seals secrets still stored in plaintext (with `secrets`) and
 * returns one Kysely instance for both engines.
 */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  let database: Database;
  if (target.kind === 'postgres') {
    const waitMs = target.pool?.waitMs ?? DEFAULT_POOL_WAIT_MS;
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.pool?.size ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: waitMs,
    });
    // The server may end an idle connection (restart, pg_terminate_backend): the pool drops that client and
    // emits 'error', which without a listener would crash the process. The next query opens a new connection.
    pool.on('error', () => undefined);
    const connections = new Set<pg.PoolClient>();
    pool.on('connect', (client) => connections.add(client));
    pool.on('remove', (client) => connections.delete(client));
    // Fail now, with the server's own words, rather than on the first request.
    const client = await pool.connect().catch(async (error: unknown) => {
      await pool.end().catch(() => undefined);
      throw new DatabaseUnavailableError(target.url, error);
    });
    client.release();
    // A query that finds every connection taken for `waitMs` fails with DatabaseBusyError (503), not pg's plain
    // "timeout exceeded when trying to connect" (which would be a 500).
    const busyAware = {
      connect: () =>
        pool.connect().catch((error: unknown) => {
          if (error instanceof Error && /timeout exceeded when trying to connect/.test(error.message)) {
            throw new DatabaseBusyError(`no database connection free within ${waitMs} ms`, { cause: error });
          }
          throw error;
        }),
      end: () => pool.end(),
    };
    const cache = new ReadCache();
    const db = keyed(
      withReadCache(new Kysely<DB>({ dialect: new PostgresDialect({ pool: busyAware }) }), cache),
      options,
    );
    const listen = (into: ReadCache) => listenOnPostgres(target.url, into);
    const feed = await listen(cache);
    database = {
      db,
      kind: 'postgres',
      cache,
      listen,
      close: async () => {
        await feed.stop();
        await db.destroy();
        await allClosed(pool, connections);
      },
    };
  } else {
    let client: PGlite;
    if (target.kind === 'pglite') {
      await mkdir(target.dataDir, { recursive: true });
      client = await PGlite.create(path.resolve(target.dataDir), {
        parsers: pgliteParsers,
        ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
      });
    } else {
      // Tests start from a dump of a prepared database (`PGlite.dumpDataDir()`) rather than create and seed it again.
      client = await PGlite.create({
        parsers: pgliteParsers,
        ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
      });
    }
    const cache = new ReadCache();
    const db = keyed(
      withReadCache(
        new Kysely<DB>({
          dialect: new PGliteDialect(client, target.pool?.waitMs ? { acquireTimeoutMs: target.pool.waitMs } : {}),
        }),
        cache,
      ),
      options,
    );
    const listen = (into: ReadCache) => listenOnPglite(client, into);
    const feed = await listen(cache);
    database = {
      db,
      kind: target.kind,
      cache,
      listen,
      close: async () => {
        await feed.stop();
        await db.destroy();
        if (!client.closed) await client.close();
      },
    };
  }
  try {
    await migrateToLatest(database.db);
    if (options.secrets) await sealPlaintextSecrets(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

function keyed(db: Kysely<DB>, options: OpenOptions): Kysely<DB> {
  return options.secrets ? withSecrets(db, options.secrets) : db;
}

/** How long `close()` waits for the pool's connections to close. */
const CLOSE_WAIT_MS = 5000;

/**
 * Waits until every connection of the pool has closed (bounded). `pool.end()`, which Kysely's `destroy()` awaits,
 * resolves once the pool has let go of its clients, before their connections have closed; the pool emits `remove`
 * for each client when its connection has.
 */
function allClosed(pool: pg.Pool, connections: Set<pg.PoolClient>): Promise<void> {
  if (connections.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pool.off('remove', check);
      resolve();
    };
    const check = () => {
      if (connections.size === 0) done();
    };
    const timer = setTimeout(done, CLOSE_WAIT_MS);
    pool.on('remove', check);
  });
}

export const pgliteParsers = {
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
