import { sql, type Kysely } from 'kysely';

/**
 * Domain events and their webhooks. `events` holds what happened (an order completed, an invoice issued, …), written
 * in the transaction of the change (`webhooks/events.ts`); each enabled endpoint subscribed to its type gets a
 * `webhook_deliveries` row from the insert's trigger, which the delivery worker sends (`webhooks/worker.ts`), logging
 * every attempt in `webhook_attempts`. The endpoints of migration 001, which nothing used, get their secret sealed
 * (`secret_sealed`; a plaintext `secret` of a row made by hand is sealed at start and cleared), a previous secret
 * that stays valid for a while after a rotation, a description and an update time.
 */
const statements: string[] = [
  `create table events (
    id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenants(id) on delete cascade,
    type text not null,
    data jsonb not null,
    created_at timestamptz not null default now(),
    unique (tenant_id, id)
  )`,
  `create index events_tenant_created_idx on events (tenant_id, created_at desc, id desc)`,
  `create index events_tenant_type_created_idx on events (tenant_id, type, created_at desc, id desc)`,
  // Every event, however it is written (one insert, or a row of a larger statement such as an order's), fans out to
  // a pending delivery for each active endpoint of its tenant subscribed to its type (none listed: all types).
  `create function portico_event_deliveries() returns trigger language plpgsql as $$
  begin
    insert into webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, payload)
    select new.tenant_id, w.id, new.id, new.type,
      jsonb_build_object('id', new.id, 'type', new.type,
        'createdAt', to_char(new.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', new.data)
    from webhook_endpoints w
    where w.tenant_id = new.tenant_id and w.active and (cardinality(w.events) = 0 or new.type = any(w.events));
    return null;
  end $$`,
  `create trigger events_deliveries after insert on events for each row execute function portico_event_deliveries()`,
  `alter table webhook_endpoints alter column secret drop not null`,
  `alter table webhook_endpoints add column secret_sealed text`,
  `alter table webhook_endpoints add column previous_secret_sealed text`,
  `alter table webhook_endpoints add column previous_secret_expires_at timestamptz`,
  `alter table webhook_endpoints add column description text not null default ''`,
  `alter table webhook_endpoints add column updated_at timestamptz not null default now()`,
  `alter table webhook_deliveries add foreign key (tenant_id, event_id) references events(tenant_id, id) on delete cascade`,
  `alter table webhook_deliveries add column last_attempt_at timestamptz`,
  `create index webhook_deliveries_endpoint_idx on webhook_deliveries (tenant_id, endpoint_id, created_at desc, id desc)`,
  `create table webhook_attempts (
    id uuid primary key default gen_random_uuid(),
    tenant_id text not null references tenants(id) on delete cascade,
    delivery_id uuid not null,
    attempt integer not null,
    response_status integer,
    error text,
    duration_ms integer not null,
    created_at timestamptz not null default now(),
    foreign key (tenant_id, delivery_id) references webhook_deliveries(tenant_id, id) on delete cascade
  )`,
  `create index webhook_attempts_delivery_idx on webhook_attempts (tenant_id, delivery_id, attempt)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table if exists webhook_attempts').execute(db);
  await sql.raw('delete from webhook_deliveries').execute(db);
  for (const column of ['last_attempt_at']) {
    await sql.raw(`alter table webhook_deliveries drop column if exists ${column}`).execute(db);
  }
  await sql.raw('drop table if exists events cascade').execute(db);
  await sql.raw('drop function if exists portico_event_deliveries()').execute(db);
  for (const column of [
    'secret_sealed',
    'previous_secret_sealed',
    'previous_secret_expires_at',
    'description',
    'updated_at',
  ]) {
    await sql.raw(`alter table webhook_endpoints drop column if exists ${column}`).execute(db);
  }
}
