import { sql, type Kysely } from 'kysely';

/**
 * The portal's hot requests read a customer's rows at every call (the person behind a token and the revocation
 * list, the dashboard's contracts and invoices); each instance keeps them in memory (`db/read-cache.ts`). A change
 * of one of these tables, made by any code of any instance or by hand in psql, notifies channel `portico_cache` with
 * `tenant:customer` when its transaction commits (`tenant:*` for `revoked_tokens`, which names no customer). As in
 * migration 007, PostgreSQL folds identical notifications of one transaction into one. (`db/read-cache.ts` names
 * the same tables.)
 */
const CUSTOMER_TABLES = ['persons', 'revoked_tokens', 'contracts', 'invoices'];

const notifyFunction = `create or replace function portico_customer_cache_changed() returns trigger language plpgsql as $$
declare
  changed jsonb := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
begin
  perform pg_notify('portico_cache', (changed ->> 'tenant_id') || ':' || coalesce(changed ->> 'customer_id', '*'));
  -- A row moved to another customer: the old one's views change too.
  if tg_op = 'UPDATE' and (to_jsonb(old) ->> 'customer_id') is distinct from (changed ->> 'customer_id') then
    perform pg_notify('portico_cache', (to_jsonb(old) ->> 'tenant_id') || ':' || coalesce(to_jsonb(old) ->> 'customer_id', '*'));
  end if;
  return null;
end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(notifyFunction).execute(db);
  for (const table of CUSTOMER_TABLES) {
    await sql
      .raw(
        `create trigger ${table}_customer_cache_changed after insert or update or delete on ${table}
          for each row execute function portico_customer_cache_changed()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of CUSTOMER_TABLES)
    await sql.raw(`drop trigger if exists ${table}_customer_cache_changed on ${table}`).execute(db);
  await sql.raw(`drop function if exists portico_customer_cache_changed()`).execute(db);
}
