import type { Kysely } from 'kysely';
import type { ActorType, DB, JsonValue } from '../db/schema.ts';

/** Who did something: a portal person, a merchant API key, an operator, or Portico itself. */
export interface Actor {
  type: ActorType;
  id: string | null;
}

export interface AuditEntry {
  tenantId: string;
  actor: Actor;
  /** `entity.verb_in_past_tense`, e.g. `contract.cancelled`. */
  action: string;
  entity: { type: string; id: string | null };
  data?: Record<string, JsonValue>;
}

/**
 * The one writer of the audit log (`audit_log`). Call it with the transaction that makes the change, so the
 * entry exists exactly when the change does.
 */
export async function writeAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      action: entry.action,
      entity_type: entry.entity.type,
      entity_id: entry.entity.id,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}
