import { sql, type Kysely } from 'kysely';

/**
 * Every server instance keeps read-mostly rows (tenant settings, the catalog a signup page shows) in memory
 * (`db/read-cache.ts`). A change to one of these tables, made by any code of any instance or by hand in psql,
 * notifies channel `portico_cache` with the tenant's id when its transaction commits; each instance listens and drops
 * what it holds of that tenant. PostgreSQL folds identical notifications of one transaction into one, so a bulk
 * change sends one per tenant. (`db/read-cache.ts` names the same tables.)
 */
const CACHED_TABLES = ['tenants', 'tenant_settings', 'product_families', 'plans', 'plan_variants', 'components'];

const notifyFunction = `create or replace function portico_cache_changed() returns trigger language plpgsql as $$
declare
  changed jsonb := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
begin
  -- tenants is keyed by id, every other table by tenant_id (which a row never changes).
  perform pg_notify('portico_cache', coalesce(changed ->> 'tenant_id', changed ->> 'id'));
  return null;
end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(notifyFunction).execute(db);
  for (const table of CACHED_TABLES) {
    await sql
      .raw(
        `create trigger ${table}_cache_changed after insert or update or delete on ${table}
          for each row execute function portico_cache_changed()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of CACHED_TABLES)
    await sql.raw(`drop trigger if exists ${table}_cache_changed on ${table}`).execute(db);
  await sql.raw(`drop function if exists portico_cache_changed()`).execute(db);
}
