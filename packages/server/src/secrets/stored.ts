import type { Kysely } from 'kysely';
import { resealSigningKeys, sealPlaintextSigningKeys } from '../access/keys.ts';
import type { DB } from '../db/schema.ts';
import { resealSmtpPasswords, sealPlaintextSmtpPasswords } from '../email/smtp-settings.ts';
import { resealWebhookSecrets, sealPlaintextWebhookSecrets } from '../webhooks/endpoints.ts';

/**
 * Every secret Portico stores sealed: the tenants' signing keys (`signing_keys.private_jwk_sealed`) and the
 * passwords of tenants' own SMTP servers (`tenant_settings.settings` `smtp.passwordSealed`) and the webhook
 * endpoints' signing secrets (`webhook_endpoints.secret_sealed`, `previous_secret_sealed`). A secret stored later
 * (sealing certificates) seals through secrets.ts the same way and adds its two steps here.
 */
export interface SealedCounts {
  signingKeys: number;
  smtpPasswords: number;
  webhookSecrets: number;
}

/** Seals what is still stored in plaintext; `openDatabase` runs it at every start, after the migrations. */
export async function sealPlaintextSecrets(db: Kysely<DB>): Promise<SealedCounts> {
  return {
    signingKeys: await sealPlaintextSigningKeys(db),
    smtpPasswords: await sealPlaintextSmtpPasswords(db),
    webhookSecrets: await sealPlaintextWebhookSecrets(db),
  };
}

/** Seals again, under the current PORTICO_SECRET_KEY, what a previous key sealed (`npm run rotate-secret-key`). */
export async function resealSecrets(db: Kysely<DB>): Promise<SealedCounts> {
  return {
    signingKeys: await resealSigningKeys(db),
    smtpPasswords: await resealSmtpPasswords(db),
    webhookSecrets: await resealWebhookSecrets(db),
  };
}
