import { sql, type Kysely } from 'kysely';
import { addBuckets, USAGE_DAILY_APPLY } from './002_usage_daily.ts';

/**
 * Brings a database that applied an earlier draft of migration 002 up to its final form: that draft dropped a
 * bucket before reducing it, so two transactions deleting records of one bucket at once could leave it wrong,
 * and it did not hold the tenant row against a time zone change. The trigger function is replaced with 002's,
 * the records check allows the zero that the reduction passes through, and the rollup is counted afresh from
 * the records (in the migration's transaction, so the statistics never see it half built). On any other
 * database this changes nothing but the time the recount takes.
 */
const statements: string[] = [
  `create or replace ${USAGE_DAILY_APPLY}`,
  `alter table usage_daily drop constraint if exists usage_daily_records_check`,
  `alter table usage_daily add constraint usage_daily_records_check check (records >= 0)`,
  `delete from usage_daily`,
  addBuckets('usage_records r join tenants t on t.id = r.tenant_id'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Nothing to undo: 002's own down removes the function and the table. */
export async function down(): Promise<void> {}
