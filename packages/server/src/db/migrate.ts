import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DB } from './schema.ts';
import * as m001 from './migrations/001_initial.ts';
import * as m002 from './migrations/002_usage_daily.ts';
import * as m003 from './migrations/003_rate_limits.ts';
import * as m004 from './migrations/004_usage_daily_repair.ts';
import * as m005 from './migrations/005_sealed_signing_keys.ts';
import * as m006 from './migrations/006_order_documenting.ts';
import * as m007 from './migrations/007_cache_notify.ts';
import * as m008 from './migrations/008_order_document_lease.ts';
import * as m009 from './migrations/009_customer_cache_notify.ts';
import * as m010 from './migrations/010_api_keys_scope_idempotency.ts';
import * as m011 from './migrations/011_events_webhooks.ts';

/**
 * Every migration, in order, keyed by a sortable name. Add new ones here (e.g. '002_something'); never edit or
 * rename an applied one.
 */
export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_usage_daily': m002,
  '003_rate_limits': m003,
  '004_usage_daily_repair': m004,
  '005_sealed_signing_keys': m005,
  '006_order_documenting': m006,
  '007_cache_notify': m007,
  '008_order_document_lease': m008,
  '009_customer_cache_notify': m009,
  '010_api_keys_scope_idempotency': m010,
  '011_events_webhooks': m011,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

function migrator(db: Kysely<DB>): Migrator {
  // Kysely records applied migrations in kysely_migration and serialises concurrent runs with a lock table,
  // so several server instances can start at once.
  return new Migrator({ db, provider });
}

export class MigrationError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'MigrationError';
  }
}

/** Applies all pending migrations; throws a MigrationError naming the failed migration. */
export async function migrateToLatest(db: Kysely<DB>): Promise<void> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      failed ? `database migration ${failed.migrationName} failed: ${reason}` : `database migration failed: ${reason}`,
      error,
    );
  }
}

/** Names of applied and pending migrations (for health/readiness output and tooling). */
export async function migrationStatus(db: Kysely<DB>): Promise<Array<{ name: string; executedAt: Date | undefined }>> {
  const infos = await migrator(db).getMigrations();
  return infos.map((info) => ({ name: info.name, executedAt: info.executedAt }));
}
