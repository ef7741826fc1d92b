import { sql, type Kysely } from 'kysely';
import type { DB, SmtpSettings } from '../db/schema.ts';
import { openSecret, sealSecret, sealedKeyId, secretsOf } from '../secrets/secrets.ts';

/** A tenant's SMTP settings as given: the password in clear (`passwordSealed` of settings read back stays as is). */
export interface SmtpSettingsInput extends SmtpSettings {
  password?: string;
}

/** What a tenant's sealed SMTP password is bound to: moved to another tenant's settings, it does not open. */
function sealContext(tenantId: string): string {
  return `tenant_settings.settings.smtp.passwordSealed of tenant ${tenantId}`;
}

/**
 * The one way a tenant's SMTP settings become what is stored: a plaintext `password` is sealed into
 * `passwordSealed` with the database's secret key and dropped. Settings without one (or already sealed) stay as given.
 */
export function sealSmtpSettings(db: Kysely<DB>, tenantId: string, smtp: SmtpSettingsInput): SmtpSettings {
  const { password, ...rest } = smtp;
  if (password === undefined || password === null) return rest;
  return { ...rest, passwordSealed: sealSecret(secretsOf(db), String(password), sealContext(tenantId)) };
}

/** Replaces the tenant's SMTP settings (and only them), sealing the password. */
export async function setTenantSmtp(db: Kysely<DB>, tenantId: string, smtp: SmtpSettingsInput): Promise<void> {
  const stored = JSON.stringify(sealSmtpSettings(db, tenantId, smtp));
  const result = await db
    .updateTable('tenant_settings')
    .set({ settings: sql`settings || jsonb_build_object('smtp', ${stored}::jsonb)` })
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new Error(`no settings of tenant "${tenantId}"`);
}

/**
 * The tenant's SMTP password in clear, for building its transport: opened with the database's secret key (a wrong
 * key throws a SecretKeyError that says so), or the plaintext one of a row that no start has sealed yet.
 */
export function smtpPasswordOf(db: Kysely<DB>, tenantId: string, smtp: SmtpSettings): string | undefined {
  if (smtp.passwordSealed !== undefined) return openSecret(secretsOf(db), smtp.passwordSealed, sealContext(tenantId));
  const plaintext = (smtp as SmtpSettingsInput).password;
  return plaintext === undefined || plaintext === null ? undefined : String(plaintext);
}

/** Tenant settings rows whose SMTP settings match `condition`, with those settings. */
async function smtpRows(db: Kysely<DB>, field: 'password' | 'passwordSealed') {
  const { rows } = await sql<{ tenant_id: string; smtp: SmtpSettingsInput }>`
    select tenant_id, settings->'smtp' as smtp from tenant_settings
    where settings->'smtp'->>${field} is not null`.execute(db);
  return rows;
}

/** Writes `next` as the tenant's SMTP settings if they are still `current` (another instance may be at it too). */
async function replaceSmtp(db: Kysely<DB>, tenantId: string, current: SmtpSettingsInput, next: SmtpSettings) {
  const result = await db
    .updateTable('tenant_settings')
    .set({ settings: sql`settings || jsonb_build_object('smtp', ${JSON.stringify(next)}::jsonb)` })
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`settings->'smtp' = ${JSON.stringify(current)}::jsonb`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Seals the tenants' SMTP passwords still stored in clear (`smtp.password`, written by an older version) and drops
 * them. Safe with several instances at once. Returns how many it sealed.
 */
export async function sealPlaintextSmtpPasswords(db: Kysely<DB>): Promise<number> {
  let sealed = 0;
  for (const row of await smtpRows(db, 'password')) {
    sealed += await replaceSmtp(db, row.tenant_id, row.smtp, sealSmtpSettings(db, row.tenant_id, row.smtp));
  }
  return sealed;
}

/**
 * Seals again, under the current secret key, every SMTP password sealed with another one (a key of
 * PORTICO_SECRET_KEY_PREVIOUS). Returns how many it resealed.
 */
export async function resealSmtpPasswords(db: Kysely<DB>): Promise<number> {
  const keyring = secretsOf(db);
  let resealed = 0;
  for (const row of await smtpRows(db, 'passwordSealed')) {
    if (sealedKeyId(row.smtp.passwordSealed!) === keyring.current.id) continue;
    const { passwordSealed, ...rest } = row.smtp;
    const password = openSecret(keyring, passwordSealed!, sealContext(row.tenant_id));
    resealed += await replaceSmtp(
      db,
      row.tenant_id,
      row.smtp,
      sealSmtpSettings(db, row.tenant_id, { ...rest, password }),
    );
  }
  return resealed;
}
