import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';

/**
 * Merchant API keys. A key is a high-entropy secret (`pk_…`); the database keeps only its SHA-256 hash (and the
 * hash's first 16 hex digits as a lookup `prefix`), so a leaked database does not leak usable keys.
 */
export const DEMO_KEY_NAME = 'demo';
const MIN_KEY_LENGTH = 20;

export function generateApiKey(): string {
  return `pk_${randomBytes(32).toString('base64url')}`;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Stores a key for the tenant (hashed) and returns the key itself, which is shown once. */
export async function createApiKey(
  db: Kysely<DB>,
  tenantId: string,
  name: string,
  key: string = generateApiKey(),
): Promise<string> {
  if (key.length < MIN_KEY_LENGTH) throw new Error(`an API key must have at least ${MIN_KEY_LENGTH} characters`);
  const hash = hashKey(key);
  await db
    .insertInto('api_keys')
    .values({ tenant_id: tenantId, name, prefix: hash.slice(0, 16), key_hash: hash })
    .onConflict((oc) => oc.column('prefix').doNothing())
    .execute();
  const stored = await db
    .selectFrom('api_keys')
    .where('prefix', '=', hash.slice(0, 16))
    .select(['tenant_id', 'key_hash'])
    .executeTakeFirstOrThrow();
  if (stored.tenant_id !== tenantId || stored.key_hash !== hash) throw new Error('this API key is already in use');
  await db
    .updateTable('api_keys')
    .set({ revoked_at: null })
    .where('tenant_id', '=', tenantId)
    .where('prefix', '=', hash.slice(0, 16))
    .execute();
  return key;
}

/**
 * The demo tenant's API key: `PORTICO_DEMO_API_KEY` when set, otherwise a fresh key made at every start (the
 * previous generated one is revoked, since only its hash was kept). Returns the key to print.
 */
export async function ensureDemoApiKey(db: Kysely<DB>, tenantId: string, fromEnv: string | undefined): Promise<string> {
  const key = fromEnv?.trim();
  if (key) {
    if (key.length < MIN_KEY_LENGTH) {
      throw new Error(`PORTICO_DEMO_API_KEY must have at least ${MIN_KEY_LENGTH} characters`);
    }
    return createApiKey(db, tenantId, DEMO_KEY_NAME, key);
  }
  await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('name', '=', `${DEMO_KEY_NAME} (generated)`)
    .where('revoked_at', 'is', null)
    .execute();
  return createApiKey(db, tenantId, `${DEMO_KEY_NAME} (generated)`);
}

/**
 * The tenant of the request's API key (`Authorization: Bearer <key>` or `X-Api-Key: <key>`); 401 when the key
 * is missing, unknown or revoked.
 */
export interface MerchantCaller {
  tenantId: string;
  keyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The merchant API's caller (tenant and API key), set by the merchant API's authentication hook. */
    merchant: MerchantCaller | null;
  }
}

/** The caller of a merchant API route; the authentication hook has set it before any handler runs. */
export function merchantOf(request: { merchant: MerchantCaller | null }): MerchantCaller {
  if (!request.merchant) throw new Error('merchant API route registered outside merchantApi');
  return request.merchant;
}

export async function authenticateApiKey(db: Kysely<DB>, request: FastifyRequest): Promise<MerchantCaller> {
  const header = request.headers.authorization;
  const raw = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key'];
  const key = typeof raw === 'string' ? raw.trim() : '';
  if (!key) throw new HttpError(401, 'api_key_missing', 'Send your API key as "Authorization: Bearer <key>".');
  const hash = hashKey(key);
  const row = await db
    .selectFrom('api_keys')
    .where('prefix', '=', hash.slice(0, 16))
    .where('revoked_at', 'is', null)
    .select(['id', 'tenant_id', 'key_hash'])
    .executeTakeFirst();
  const expected = Buffer.from(row?.key_hash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(hash, 'hex');
  if (!row || !timingSafeEqual(expected, given)) {
    throw new HttpError(401, 'api_key_invalid', 'This API key is not valid.');
  }
  await db
    .updateTable('api_keys')
    .set({ last_used_at: new Date() })
    .where('tenant_id', '=', row.tenant_id)
    .where('id', '=', row.id)
    .execute();
  return { tenantId: row.tenant_id, keyId: row.id };
}
