import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { sql, type Kysely } from 'kysely';
import type { DB, JsonValue } from '../db/schema.ts';
import { openSecret, sealSecret, sealedKeyId, secretsOf } from '../secrets/secrets.ts';

export const SIGNING_ALG = 'EdDSA';
/** How long a process keeps using its cached signing key before looking again (another process may rotate). */
const SIGNING_CACHE_MS = 30_000;
/** Retired keys stay in the JWKS this long: the longest token lifetime plus the clock tolerance. */
export const RETIRED_KEY_GRACE_SECONDS = 7 * 24 * 3600 + 60;

interface SigningKey {
  kid: string;
  key: CryptoKey;
}

interface Caches {
  signing: Map<string, { key: SigningKey; loadedAt: number }>;
  verifying: Map<string, CryptoKey>;
}
/** Per database (a process may open several, e.g. tests); transactions read through without caching. */
const cachesByDb = new WeakMap<Kysely<DB>, Caches>();

function caches(db: Kysely<DB>): Caches {
  if (db.isTransaction) return { signing: new Map(), verifying: new Map() };
  let found = cachesByDb.get(db);
  if (!found) {
    found = { signing: new Map(), verifying: new Map() };
    cachesByDb.set(db, found);
  }
  return found;
}

/** The tenant's current signing key; made on first use (a tenant without a key gets one lazily). */
export async function getSigningKey(db: Kysely<DB>, tenantId: string): Promise<SigningKey> {
  const signingCache = caches(db).signing;
  const cached = signingCache.get(tenantId);
  if (cached && Date.now() - cached.loadedAt < SIGNING_CACHE_MS) return cached.key;
  let row = await activeKeyRow(db, tenantId);
  if (!row) {
    row = await inTransaction(db, async (trx) => {
      // Lock the tenant so two requests do not both make a key.
      await trx.selectFrom('tenants').where('id', '=', tenantId).select('id').forUpdate().executeTakeFirst();
      return (await activeKeyRow(trx, tenantId)) ?? (await insertKey(trx, tenantId));
    });
  }
  const key: SigningKey = {
    kid: row.kid,
    key: (await importJWK(privateJwkOf(db, tenantId, row), SIGNING_ALG)) as CryptoKey,
  };
  signingCache.set(tenantId, { key, loadedAt: Date.now() });
  return key;
}

/** The public key with this `kid`, only if it belongs to the tenant (a token of tenant A never verifies for B). */
export async function getVerificationKey(db: Kysely<DB>, tenantId: string, kid: string | undefined) {
  if (!kid) return undefined;
  const verifyCache = caches(db).verifying;
  const cacheKey = `${tenantId}\u0000${kid}`;
  const cached = verifyCache.get(cacheKey);
  if (cached) return cached;
  const row = await db
    .selectFrom('signing_keys')
    .where('tenant_id', '=', tenantId)
    .where('kid', '=', kid)
    .select(['public_jwk', 'retired_at'])
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.retired_at && row.retired_at.getTime() + RETIRED_KEY_GRACE_SECONDS * 1000 < Date.now()) return undefined;
  const key = (await importJWK(row.public_jwk as JWK, SIGNING_ALG)) as CryptoKey;
  verifyCache.set(cacheKey, key);
  return key;
}

/** Public keys for the JWKS document: the current key and retired keys whose tokens may still be valid. */
export async function listPublicKeys(db: Kysely<DB>, tenantId: string): Promise<JWK[]> {
  await getSigningKey(db, tenantId);
  const since = new Date(Date.now() - RETIRED_KEY_GRACE_SECONDS * 1000);
  const rows = await db
    .selectFrom('signing_keys')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', since)]))
    .orderBy('created_at', 'desc')
    .select(['kid', 'public_jwk'])
    .execute();
  return rows.map((row) => ({ ...(row.public_jwk as JWK), kid: row.kid, alg: SIGNING_ALG, use: 'sig' }));
}

/**
 * Retires the tenant's current key and makes a new one. Tokens signed with the old key keep verifying until
 * they expire; new tokens carry the new `kid`.
 */
export async function rotateSigningKey(db: Kysely<DB>, tenantId: string): Promise<{ kid: string; retired: string[] }> {
  const result = await inTransaction(db, async (trx) => {
    const tenant = await trx
      .selectFrom('tenants')
      .where('id', '=', tenantId)
      .select('id')
      .forUpdate()
      .executeTakeFirst();
    if (!tenant) throw new Error(`no tenant "${tenantId}"`);
    const retired = await trx
      .updateTable('signing_keys')
      .set({ retired_at: sql<Date>`now()` })
      .where('tenant_id', '=', tenantId)
      .where('retired_at', 'is', null)
      .returning('kid')
      .execute();
    const row = await insertKey(trx, tenantId);
    return { kid: row.kid, retired: retired.map((r) => r.kid) };
  });
  caches(db).signing.delete(tenantId);
  return result;
}

async function activeKeyRow(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('signing_keys')
    .where('tenant_id', '=', tenantId)
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .select(['kid', 'private_jwk', 'private_jwk_sealed'])
    .executeTakeFirst();
}

/** What the sealed private JWK of a tenant's key is bound to: a value moved to another row does not open. */
function sealContext(tenantId: string, kid: string): string {
  return `signing_keys.private_jwk_sealed of tenant ${tenantId} key ${kid}`;
}

/**
 * The private JWK of a key row: opened with the database's secret key, or, for a row of before migration 005 that
 * no start has sealed yet, the plaintext one.
 */
function privateJwkOf(
  db: Kysely<DB>,
  tenantId: string,
  row: { kid: string; private_jwk: Record<string, JsonValue> | null; private_jwk_sealed: string | null },
): JWK {
  if (row.private_jwk_sealed !== null) {
    return JSON.parse(openSecret(secretsOf(db), row.private_jwk_sealed, sealContext(tenantId, row.kid))) as JWK;
  }
  if (row.private_jwk) return row.private_jwk as JWK;
  throw new Error(`signing key ${row.kid} of tenant ${tenantId} has no private key`);
}

/**
 * Seals the signing keys still stored in plaintext (rows of before migration 005, or written by an older
 * instance) and empties their `private_jwk`. Safe with several instances at once. Returns how many it sealed.
 */
export async function sealPlaintextSigningKeys(db: Kysely<DB>): Promise<number> {
  const keyring = secretsOf(db);
  const rows = await db
    .selectFrom('signing_keys')
    .where('private_jwk', 'is not', null)
    .select(['id', 'tenant_id', 'kid', 'private_jwk'])
    .execute();
  let sealed = 0;
  for (const row of rows) {
    const result = await db
      .updateTable('signing_keys')
      .set({
        private_jwk: null,
        private_jwk_sealed: sealSecret(keyring, JSON.stringify(row.private_jwk), sealContext(row.tenant_id, row.kid)),
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('private_jwk', 'is not', null)
      .executeTakeFirst();
    sealed += Number(result.numUpdatedRows);
  }
  return sealed;
}

/**
 * Seals again, under the current secret key, every signing key sealed with another one (a key of
 * PORTICO_SECRET_KEY_PREVIOUS), after a rotation of PORTICO_SECRET_KEY. Returns how many it resealed.
 */
export async function resealSigningKeys(db: Kysely<DB>): Promise<number> {
  const keyring = secretsOf(db);
  const rows = await db
    .selectFrom('signing_keys')
    .where('private_jwk_sealed', 'is not', null)
    .select(['id', 'tenant_id', 'kid', 'private_jwk_sealed'])
    .execute();
  let resealed = 0;
  for (const row of rows) {
    if (sealedKeyId(row.private_jwk_sealed!) === keyring.current.id) continue;
    const context = sealContext(row.tenant_id, row.kid);
    const result = await db
      .updateTable('signing_keys')
      .set({ private_jwk_sealed: sealSecret(keyring, openSecret(keyring, row.private_jwk_sealed!, context), context) })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('private_jwk_sealed', '=', row.private_jwk_sealed)
      .executeTakeFirst();
    resealed += Number(result.numUpdatedRows);
  }
  return resealed;
}

/** Makes a new current signing key for the tenant; `createTenant` calls it so every tenant starts with one. */
export async function createSigningKey(db: Kysely<DB>, tenantId: string) {
  return insertKey(db, tenantId);
}

async function insertKey(db: Kysely<DB>, tenantId: string) {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const kid = randomBytes(12).toString('base64url');
  const publicJwk = (await exportJWK(publicKey)) as Record<string, JsonValue>;
  const privateJwk = JSON.stringify(await exportJWK(privateKey));
  return db
    .insertInto('signing_keys')
    .values({
      tenant_id: tenantId,
      kid,
      alg: SIGNING_ALG,
      public_jwk: publicJwk,
      private_jwk_sealed: sealSecret(secretsOf(db), privateJwk, sealContext(tenantId, kid)),
    })
    .returning(['kid', 'private_jwk', 'private_jwk_sealed'])
    .executeTakeFirstOrThrow();
}

function inTransaction<R>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<R>): Promise<R> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
