import { sql, type Kysely } from 'kysely';

/**
 * The contract document and the confirmation e-mail of an order are made by the background worker after the order
 * has answered (`signup/create-order.ts`, `finishDocumentingOrders`). A worker claims a `documenting` order by
 * setting `document_lease_until`; until then no other worker takes it, and an order whose worker died comes back
 * to the next pass once the lease has run out (like the outbox's `next_attempt_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table orders add column document_lease_until timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table orders drop column if exists document_lease_until`.execute(db);
}
