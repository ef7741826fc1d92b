/**
 * No database connection became free in time: the pool is exhausted (PostgreSQL) or the one PGlite session stayed
 * busy. The error handler answers it 503 with `Retry-After`, since trying again a little later will work.
 */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** How many connections and how long a query waits for one (`PORTICO_DB_POOL_SIZE`, `PORTICO_DB_POOL_WAIT_MS`). */
export interface PoolOptions {
  /** PostgreSQL connections of this process (PGlite is one session whatever this says). Default 10. */
  size?: number;
  /** How long a query waits for a free connection before `DatabaseBusyError`. Default 5000 ms. */
  waitMs?: number;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_POOL_WAIT_MS = 5000;
