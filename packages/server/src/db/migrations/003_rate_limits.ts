import { sql, type Kysely } from 'kysely';

/**
 * Rate limit counters shared by every server instance on the database: one row per limit (`scope`, e.g.
 * 'request-link'), tenant and client key (an IP address, later an API key), counting the hits of the window that
 * started with the first hit and ends at `window_ends_at`. A hit upserts its row in one statement
 * (`http/rate-limit.ts`); rows whose window has ended are deleted by the index on `window_ends_at`.
 */
const statements: string[] = [
  `create table rate_limits (
    scope text not null,
    tenant_id text not null references tenants(id) on delete cascade,
    client_key text not null,
    window_ends_at timestamptz not null,
    hits integer not null check (hits > 0),
    primary key (scope, tenant_id, client_key)
  )`,
  `create index rate_limits_window_ends_at_idx on rate_limits (window_ends_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table if exists rate_limits').execute(db);
}
