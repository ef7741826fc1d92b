import { sql, type Kysely } from 'kysely';

/**
 * Daily usage rollup: `usage_daily` holds, per tenant, contract, metered component, tenant-local day and usage
 * dimension (kind and value, or none), the sum of the quantities and the number of `usage_records` rows. The
 * usage statistics API reads it instead of the raw records, so a month costs the same with a thousand records as
 * with a million.
 *
 * It is kept exact by triggers, in the transaction of the change, whoever writes: statement-level triggers on
 * `usage_records` insert, update and delete (transition tables, so a bulk insert updates each bucket once), a
 * truncate trigger, and a trigger that rebuilds a tenant's rollup when its time zone changes (the day is the
 * tenant's calendar day, as the statistics API has always counted it). A bucket whose records are all gone is
 * deleted in the same trigger, so the dimensions offered for a month are exactly those with records in it.
 */

/** The rollup's bucket of a `usage_records` row `r` joined with its tenant `t`, as select-list columns. */
const BUCKET = `r.tenant_id, r.contract_id, r.component_id, (r.occurred_at at time zone t.time_zone)::date as day,
  r.dimension_kind, r.dimension_value`;
const GROUP = 'group by 1, 2, 3, 4, 5, 6';
const SAME_BUCKET = `d.tenant_id = g.tenant_id and d.contract_id = g.contract_id and d.day = g.day
  and d.component_id = g.component_id and d.dimension_kind is not distinct from g.dimension_kind
  and d.dimension_value is not distinct from g.dimension_value`;

/** Upserts the buckets of the rows selected by `from` (a FROM clause naming `r` and `t`). */
export const addBuckets = (from: string) => `
  insert into usage_daily as d (tenant_id, contract_id, component_id, day, dimension_kind, dimension_value,
                                quantity, records)
  select ${BUCKET}, sum(r.quantity), count(*)
  from ${from}
  ${GROUP}
  order by 1, 2, 4, 3, 5, 6
  on conflict (tenant_id, contract_id, day, component_id, dimension_kind, dimension_value)
  do update set quantity = d.quantity + excluded.quantity, records = d.records + excluded.records`;

/**
 * The statement-level trigger function that keeps `usage_daily` in step with `usage_records` (for `create` or
 * `create or replace`; migration 004 brings databases that applied an earlier draft of this one up to it).
 */
export const USAGE_DAILY_APPLY = `function usage_daily_apply() returns trigger language plpgsql as $$
  begin
    -- The day depends on the tenant's time zone: hold it (a time zone change waits, and is waited for).
    if tg_op in ('INSERT', 'UPDATE') then
      perform 1 from tenants t where t.id in (select distinct r.tenant_id from inserted r) order by t.id for share;
    else
      perform 1 from tenants t where t.id in (select distinct r.tenant_id from removed r) order by t.id for share;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
      -- Reduce first (the row lock makes concurrent reductions add up), then drop the buckets this left without
      -- records, so a bucket exists exactly while it has records. (A cascaded delete may find the bucket already
      -- gone: then there is nothing to reduce.)
      update usage_daily d set quantity = d.quantity - g.quantity, records = d.records - g.records
      from (select ${BUCKET}, sum(r.quantity) as quantity, count(*) as records
            from removed r join tenants t on t.id = r.tenant_id ${GROUP}) g
      where ${SAME_BUCKET};
      delete from usage_daily d
      using (select distinct ${BUCKET} from removed r join tenants t on t.id = r.tenant_id) g
      where ${SAME_BUCKET} and d.records = 0;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
      ${addBuckets('inserted r join tenants t on t.id = r.tenant_id')};
    end if;
    return null;
  end $$`;

const statements: string[] = [
  `create table usage_daily (
    tenant_id text not null references tenants(id) on delete cascade,
    contract_id uuid not null,
    component_id uuid not null,
    day date not null,
    dimension_kind text,
    dimension_value text,
    quantity numeric not null check (quantity >= 0),
    records bigint not null check (records >= 0),
    foreign key (tenant_id, contract_id) references contracts(tenant_id, id) on delete cascade,
    foreign key (tenant_id, component_id) references components(tenant_id, id),
    check ((dimension_kind is null) = (dimension_value is null))
  )`,
  // One row per bucket; "no dimension" is a bucket of its own (nulls not distinct, PostgreSQL 15+).
  `create unique index usage_daily_bucket_idx on usage_daily
    (tenant_id, contract_id, day, component_id, dimension_kind, dimension_value) nulls not distinct`,
  `create index usage_daily_dimension_idx on usage_daily (tenant_id, contract_id, dimension_kind, dimension_value)`,
  `create ${USAGE_DAILY_APPLY}`,
  `create trigger usage_daily_insert after insert on usage_records
    referencing new table as inserted for each statement execute function usage_daily_apply()`,
  `create trigger usage_daily_update after update on usage_records
    referencing old table as removed new table as inserted for each statement execute function usage_daily_apply()`,
  `create trigger usage_daily_delete after delete on usage_records
    referencing old table as removed for each statement execute function usage_daily_apply()`,
  `create function usage_daily_clear() returns trigger language plpgsql as $$
  begin
    delete from usage_daily;
    return null;
  end $$`,
  `create trigger usage_daily_truncate after truncate on usage_records
    for each statement execute function usage_daily_clear()`,
  `create function usage_daily_rezone() returns trigger language plpgsql as $$
  begin
    delete from usage_daily where tenant_id = new.id;
    ${addBuckets('usage_records r join tenants t on t.id = r.tenant_id where r.tenant_id = new.id')};
    return null;
  end $$`,
  `create trigger usage_daily_time_zone after update of time_zone on tenants
    for each row when (old.time_zone is distinct from new.time_zone) execute function usage_daily_rezone()`,
  // Backfill the records written before this migration.
  addBuckets('usage_records r join tenants t on t.id = r.tenant_id'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop trigger if exists usage_daily_time_zone on tenants').execute(db);
  await sql.raw('drop table if exists usage_daily').execute(db);
  for (const name of ['usage_daily_insert', 'usage_daily_update', 'usage_daily_delete', 'usage_daily_truncate']) {
    await sql.raw(`drop trigger if exists ${name} on usage_records`).execute(db);
  }
  for (const name of ['usage_daily_apply', 'usage_daily_clear', 'usage_daily_rezone']) {
    await sql.raw(`drop function if exists ${name}()`).execute(db);
  }
}
