import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { openSecret, sealedKeyId, sealSecret, secretsOf } from '../secrets/secrets.ts';

/** How long the secret before a rotation stays valid: deliveries are signed with both meanwhile. */
export const ROTATION_OVERLAP_HOURS = 24;

/** What an endpoint's sealed secret is bound to: moved to another endpoint or tenant, it does not open. */
function sealContext(tenantId: string, endpointId: string, which: 'current' | 'previous'): string {
  return `webhook_endpoints ${which} secret of endpoint ${endpointId} of tenant ${tenantId}`;
}

export function sealWebhookSecret(
  db: Kysely<DB>,
  tenantId: string,
  endpointId: string,
  secret: string,
  which: 'current' | 'previous' = 'current',
): string {
  return sealSecret(secretsOf(db), secret, sealContext(tenantId, endpointId, which));
}

interface SecretRow {
  id: string;
  tenant_id: string;
  secret_sealed: string | null;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
}

/** The endpoint's current secret in clear. */
export function currentSecret(db: Kysely<DB>, row: SecretRow): string {
  if (!row.secret_sealed) throw new Error(`webhook endpoint ${row.id} has no sealed secret`);
  return openSecret(secretsOf(db), row.secret_sealed, sealContext(row.tenant_id, row.id, 'current'));
}

/** The secrets a delivery is signed with now: the current one, and the previous one during a rotation's overlap. */
export function signingSecrets(db: Kysely<DB>, row: SecretRow, now: Date): string[] {
  const secrets = [currentSecret(db, row)];
  if (row.previous_secret_sealed && row.previous_secret_expires_at && row.previous_secret_expires_at > now) {
    secrets.push(openSecret(secretsOf(db), row.previous_secret_sealed, sealContext(row.tenant_id, row.id, 'previous')));
  }
  return secrets;
}

/** Seals the plaintext `secret` of endpoints made by hand before migration 011 (at every start); returns how many. */
export async function sealPlaintextWebhookSecrets(db: Kysely<DB>): Promise<number> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .where('secret', 'is not', null)
    .select(['id', 'tenant_id', 'secret'])
    .execute();
  for (const row of rows) {
    await db
      .updateTable('webhook_endpoints')
      .set({ secret_sealed: sealWebhookSecret(db, row.tenant_id, row.id, row.secret!), secret: null })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .execute();
  }
  return rows.length;
}

/** Seals again, under the current PORTICO_SECRET_KEY, the endpoint secrets a previous key sealed; returns how many. */
export async function resealWebhookSecrets(db: Kysely<DB>): Promise<number> {
  const keyring = secretsOf(db);
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'tenant_id', 'secret_sealed', 'previous_secret_sealed', 'previous_secret_expires_at'])
    .execute();
  let resealed = 0;
  for (const row of rows) {
    const stale = (sealed: string | null) => sealed !== null && sealedKeyId(sealed) !== keyring.current.id;
    if (!stale(row.secret_sealed) && !stale(row.previous_secret_sealed)) continue;
    const previous = row.previous_secret_sealed
      ? openSecret(keyring, row.previous_secret_sealed, sealContext(row.tenant_id, row.id, 'previous'))
      : null;
    await db
      .updateTable('webhook_endpoints')
      .set({
        secret_sealed: row.secret_sealed ? sealWebhookSecret(db, row.tenant_id, row.id, currentSecret(db, row)) : null,
        previous_secret_sealed: previous ? sealWebhookSecret(db, row.tenant_id, row.id, previous, 'previous') : null,
        updated_at: sql<Date>`updated_at`,
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .execute();
    resealed += 1;
  }
  return resealed;
}
