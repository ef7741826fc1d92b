import { sql, type Kysely } from 'kysely';

/**
 * An order commits in two short transactions with the contract PDF rendered between them, holding no connection
 * (`signup/create-order.ts`): the first leaves the order `documenting` with what the PDF and the confirmation e-mail
 * need in `document_input`; the second stores the document, queues the e-mail, marks it `completed` and clears
 * `document_input`. The partial index finds the orders a crash left between the two (the sweep at start and after).
 */
const statements: string[] = [
  `alter table orders drop constraint if exists orders_status_check`,
  `alter table orders add constraint orders_status_check
    check (status in ('pending', 'documenting', 'completed', 'failed'))`,
  `alter table orders add column document_input jsonb`,
  `create index orders_documenting_idx on orders (created_at) where status = 'documenting'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`drop index if exists orders_documenting_idx`).execute(db);
  await sql.raw(`alter table orders drop column if exists document_input`).execute(db);
  await sql.raw(`alter table orders drop constraint if exists orders_status_check`).execute(db);
  await sql
    .raw(`alter table orders add constraint orders_status_check check (status in ('pending', 'completed', 'failed'))`)
    .execute(db);
}
