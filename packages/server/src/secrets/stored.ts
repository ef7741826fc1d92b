import type { Kysely } from 'kysely';
import { resealSigningKeys, sealPlaintextSigningKeys } from '../access/keys.ts';
import type { DB } from '../db/schema.ts';

/**
 * Every secret Portico stores sealed: today the tenants' signing keys. A table that later holds one (tenants' SMTP
 * passwords, sealing certificates) adds its two steps here.
 */

/** Seals what is still stored in plaintext; `openDatabase` runs it at every start, after the migrations. */
export async function sealPlaintextSecrets(db: Kysely<DB>): Promise<{ signingKeys: number }> {
  return { signingKeys: await sealPlaintextSigningKeys(db) };
}

/** Seals again, under the current PORTICO_SECRET_KEY, what a previous key sealed (`npm run rotate-secret-key`). */
export async function resealSecrets(db: Kysely<DB>): Promise<{ signingKeys: number }> {
  return { signingKeys: await resealSigningKeys(db) };
}
