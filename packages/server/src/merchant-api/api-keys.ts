import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ApiKeyScope, DB } from '../db/schema.ts';
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

/** An API key as the API lists it (never the key itself, which only its creation shows). */
export interface ApiKeyInfo {
  id: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Stores a key for the tenant (hashed) and returns the key itself, which is shown once. */
export async function createApiKey(
  db: Kysely<DB>,
  tenantId: string,
  name: string,
  key: string = generateApiKey(),
  scope: ApiKeyScope = 'write',
): Promise<string> {
  return (await storeApiKey(db, tenantId, { name, scope, key })).key;
}

/**
 * Stores a key (a new one unless `key` is given) for the tenant, hashed, with its name and scope; returns it with
 * its stored row. Storing a key again makes it valid again (un-revokes it) with the given name and scope.
 */
export async function storeApiKey(
  db: Kysely<DB>,
  tenantId: string,
  options: { name: string; scope: ApiKeyScope; key?: string },
): Promise<ApiKeyInfo & { key: string }> {
  const key = options.key ?? generateApiKey();
  if (key.length < MIN_KEY_LENGTH) throw new Error(`an API key must have at least ${MIN_KEY_LENGTH} characters`);
  const hash = hashKey(key);
  const prefix = hash.slice(0, 16);
  const row = await db
    .insertInto('api_keys')
    .values({ tenant_id: tenantId, name: options.name, scope: options.scope, prefix, key_hash: hash })
    .onConflict((oc) =>
      oc
        .column('prefix')
        .doUpdateSet({ name: options.name, scope: options.scope, revoked_at: null })
        .where('api_keys.tenant_id', '=', tenantId)
        .where('api_keys.key_hash', '=', hash),
    )
    .returning(API_KEY_INFO_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new Error('this API key is already in use');
  return { key, ...apiKeyInfo(row) };
}

/** The columns `apiKeyInfo` reads. */
export const API_KEY_INFO_COLUMNS = ['id', 'name', 'scope', 'created_at', 'last_used_at', 'revoked_at'] as const;

/** A stored key's row as the API shows it. */
export function apiKeyInfo(row: {
  id: string;
  name: string;
  scope: ApiKeyScope;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
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
  scope: ApiKeyScope;
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
    .select(['id', 'tenant_id', 'key_hash', 'scope'])
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
  if (row.scope === 'read' && request.method !== 'GET' && request.method !== 'HEAD') {
    throw new HttpError(403, 'api_key_read_only', 'This API key may only read (GET); use a key with the write scope.');
  }
  return { tenantId: row.tenant_id, keyId: row.id, scope: row.scope };
}
