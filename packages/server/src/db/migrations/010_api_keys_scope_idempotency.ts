import { sql, type Kysely } from 'kysely';

/**
 * The merchant API's keys get a scope: `read` keys may only read (GET), `write` keys may do everything (the keys
 * made before this migration could, so they become `write`). And the merchant API remembers the answer to every POST
 * sent with an `Idempotency-Key` header for 24 hours (`merchant-api/idempotency.ts`): one row per tenant and key,
 * claimed before the request runs (`completed_at` null while it runs), with a hash of the request it answered.
 */
const statements: string[] = [
  `alter table api_keys add column scope text not null default 'write' check (scope in ('read', 'write'))`,
  `create table idempotency_keys (
    tenant_id text not null references tenants(id) on delete cascade,
    idempotency_key text not null,
    request_hash text not null,
    created_at timestamptz not null default now(),
    completed_at timestamptz,
    status_code integer,
    content_type text,
    response_body text,
    primary key (tenant_id, idempotency_key)
  )`,
  `create index idempotency_keys_created_at_idx on idempotency_keys (created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table if exists idempotency_keys').execute(db);
  await sql.raw('alter table api_keys drop column if exists scope').execute(db);
}
