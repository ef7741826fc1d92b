import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, JsonValue } from '../db/schema.ts';
import { scoped, type TableRows } from '../db/tenant.ts';

/**
 * Every type of domain event Portico records and sends to webhooks: `entity.verb_in_past_tense`. The list is the
 * contract with merchants' integrations (the API reference lists it): add to it, never rename.
 */
export const EVENT_TYPES = [
  'order.completed',
  'customer.created',
  'customer.changed',
  'customer.deleted',
  'contract.created',
  'contract.changed',
  'contract.cancelled',
  'contract.ended',
  'invoice.issued',
  'invoice.paid',
  'invoice.overdue',
  'credit_note.issued',
  'payment_method.changed',
  'person.invited',
  'person.removed',
  'usage_period.closed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}

/** A domain event as the events API lists it and a webhook carries it. */
export interface EventJson {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, JsonValue>;
}

/** One event to record: its type and data. */
export interface NewEvent {
  type: EventType;
  data: Record<string, JsonValue>;
}

/** `recordEvents` with one event; returns its id. */
export async function recordEvent(
  db: Kysely<DB>,
  tenantId: string,
  type: EventType,
  data: Record<string, JsonValue>,
): Promise<string> {
  return (await recordEvents(db, tenantId, [{ type, data }]))[0]!;
}

/**
 * The `events` rows of `events` (ids made here), for a statement that writes several tables at once
 * (`TenantScope.withInserts`, as an order does); `recordEvents` writes them alone.
 */
export function eventRows(events: readonly NewEvent[]): TableRows {
  return {
    table: 'events',
    rows: events.map((event) => ({ id: randomUUID(), type: event.type, data: JSON.stringify(event.data) })),
  };
}

/**
 * Records that something happened, in the transaction of the change (pass it as `db`), so the events exist exactly
 * when the change does. Each event's insert makes a pending delivery for every active endpoint of the tenant
 * subscribed to its type (the trigger of migration 011), which the delivery worker (`worker.ts`) sends after the
 * commit. `data` names the objects (`contractId`, `invoiceId`, …) and what changed, never secrets. Returns the ids.
 */
export async function recordEvents(db: Kysely<DB>, tenantId: string, events: readonly NewEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const batch = eventRows(events);
  await scoped(db, tenantId)
    .insertInto('events', batch.rows as never)
    .execute();
  return batch.rows.map((row) => (row as { id: string }).id);
}
