import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { DatabaseBusyError } from './busy.ts';

/**
 * Kysely dialect for PGlite that behaves like a PostgreSQL pool of ONE connection:
 *
 * - PGlite is a single session. kysely-pglite hands every caller the same session at once, so a query of another
 *   request would run inside (and commit or roll back with) an open transaction. Here a caller waits until the
 *   connection is released (a transaction holds it until COMMIT/ROLLBACK).
 * - It reports affected rows (`numUpdatedRows`, `numDeletedRows`, `numInsertedOrUpdatedRows`), which
 *   kysely-pglite leaves at 0 — optimistic locking (`where version = ?`) needs them.
 *
 * Consequence: inside `db.transaction().execute(trx => …)` use `trx`, never the outer `db`; the outer instance
 * would wait for the transaction and fail after `acquireTimeoutMs`.
 */
export class PGliteDialect implements Dialect {
  readonly #client: PGlite;
  readonly #acquireTimeoutMs: number;

  constructor(client: PGlite, options: { acquireTimeoutMs?: number } = {}) {
    this.#client = client;
    this.#acquireTimeoutMs = options.acquireTimeoutMs ?? 60_000;
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new SerialPGliteDriver(this.#client, this.#acquireTimeoutMs);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

interface Waiter {
  resolve: (connection: DatabaseConnection) => void;
  timer: NodeJS.Timeout;
}

class SerialPGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  readonly #acquireTimeoutMs: number;
  readonly #waiters: Waiter[] = [];
  #busy = false;

  constructor(client: PGlite, acquireTimeoutMs: number) {
    this.#connection = new PGliteConnection(client);
    this.#acquireTimeoutMs = acquireTimeoutMs;
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(this.#connection);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(
            new DatabaseBusyError(
              `PGlite connection busy for ${this.#acquireTimeoutMs} ms (a query outside an open transaction? use the transaction's trx)`,
            ),
          );
        }, this.#acquireTimeoutMs),
      };
      waiter.timer.unref();
      this.#waiters.push(waiter);
    });
  }

  async releaseConnection(): Promise<void> {
    const next = this.#waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(this.#connection);
    } else {
      this.#busy = false;
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`start transaction${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  /** The owner of the PGlite instance closes it (see database.ts). */
  async destroy(): Promise<void> {}
}

class PGliteConnection implements DatabaseConnection {
  readonly #client: PGlite;

  constructor(client: PGlite) {
    this.#client = client;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#client.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const kind = compiledQuery.query.kind;
    const writes =
      kind === 'InsertQueryNode' ||
      kind === 'UpdateQueryNode' ||
      kind === 'DeleteQueryNode' ||
      kind === 'MergeQueryNode';
    return writes && result.affectedRows !== undefined
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      : { rows: result.rows };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}
