import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import type { PersonPermission } from '@portico/core';
import type { DB, Person, TenantSettings } from '../db/schema.ts';
import { cachedOfCustomer } from '../db/read-cache.ts';
import { getTenant } from '../db/tenant.ts';
import { HttpError } from '../http/errors.ts';
import { getSigningKey, getVerificationKey, SIGNING_ALG } from './keys.ts';
import { VerifiedTokens, verifiedTokensOf } from './verified-tokens.ts';

export const SELF_SERVICE_TYP = 'portico-self-service+jwt';
export const SESSION_TYP = 'portico-session+jwt';
export const ISSUER = 'portico';
export const CLOCK_TOLERANCE_SECONDS = 30;
export const MIN_LIFETIME_SECONDS = 60;
export const MAX_LIFETIME_SECONDS = 7 * 24 * 3600;

/** Claims of a self-service token (the link in an e-mail). */
export interface SelfServiceClaims {
  iss: string;
  /** The tenant. */
  aud: string;
  /** The person. */
  sub: string;
  /** The person's customer. */
  cus: string;
  /** Contract scope: the contracts this token may see. */
  contracts: string[];
  permissions: PersonPermission[];
  exp: number;
  iat: number;
  jti: string;
  action?: string;
  language?: string;
}

/** Claims of a portal session token: bound to the self-service token it was exchanged for. */
export interface SessionClaims extends SelfServiceClaims {
  /** jti of the self-service token. */
  sid: string;
  /** iat of the self-service token (for the person's "not before"). */
  siat: number;
  /** exp of the self-service token: the session never outlives it. */
  mxp: number;
}

export type TokenErrorCode = 'token_expired' | 'token_invalid' | 'token_revoked';

const messages: Record<TokenErrorCode, string> = {
  token_expired: 'This link has expired. Request a new link.',
  token_invalid: 'This link is not valid. Request a new link.',
  token_revoked: 'This link is no longer valid. Request a new link.',
};

export const tokenError = (code: TokenErrorCode) => new HttpError(401, code, messages[code]);

type Payload<C> = Omit<C, 'iss' | 'aud' | 'exp' | 'iat' | 'jti'>;

/**
 * Signs a token of `typ` for the tenant with its current key, expiring at a Unix time or after a lifetime.
 * Returns the token, its jti and its expiry.
 */
export async function signToken<C extends SelfServiceClaims>(
  db: Kysely<DB>,
  tenantId: string,
  typ: string,
  payload: Payload<C>,
  expires: number | { lifetimeSeconds: number },
): Promise<{ token: string; jti: string; exp: number }> {
  const { kid, key } = await getSigningKey(db, tenantId);
  const jti = randomUUID();
  const iat = Math.floor(Date.now() / 1000);
  const exp = typeof expires === 'number' ? Math.floor(expires) : iat + expires.lifetimeSeconds;
  const { sub, ...rest } = payload as Payload<SelfServiceClaims>;
  const token = await new SignJWT({ ...rest } as JWTPayload)
    .setProtectedHeader({ alg: SIGNING_ALG, typ, kid })
    .setIssuer(ISSUER)
    .setAudience(tenantId)
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key);
  return { token, jti, exp };
}

/**
 * Verifies signature (EdDSA only, the tenant's own keys), `typ`, issuer, audience, expiry and issue time (30 s
 * tolerance), a lifetime (exp − iat) within the tenant's maximum,
 * then revocation: the `jti` list and the person's "not before". Returns the claims, the current person row and
 * the tenant's settings.
 */
export async function verifyToken<C extends SelfServiceClaims>(
  db: Kysely<DB>,
  tenantId: string,
  token: string,
  typ: string,
): Promise<{ claims: C; person: Person; settings: TenantSettings }> {
  const payload = await verifiedPayload(db, tenantId, token, typ);
  const claims = payload as unknown as C;
  // jose checks exp only; a validly signed token must also not be issued in the future (beyond the tolerance).
  if (
    typeof claims.iat !== 'number' ||
    typeof claims.exp !== 'number' ||
    claims.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS
  ) {
    throw tokenError('token_invalid');
  }
  if (!isStringArray(claims.contracts) || !isStringArray(claims.permissions) || typeof claims.cus !== 'string') {
    throw tokenError('token_invalid');
  }
  const session = claims as unknown as Partial<SessionClaims>;
  if (!isUuid(claims.sub) || !isUuid(claims.cus)) throw tokenError('token_invalid');
  const jtis = [claims.jti, ...(typeof session.sid === 'string' ? [session.sid] : [])];
  // At most one query: the person and whether the token (or its link token) is revoked, kept in the instance's read
  // cache of the customer's rows until one of them changes; the tenant's settings come from the same cache
  // (`db/read-cache.ts`).
  const [row, tenant] = await Promise.all([
    cachedOfCustomer(db, tenantId, claims.cus, `person:${claims.sub}:${jtis.join(',')}`, () =>
      db
        .selectFrom('persons')
        .where('persons.tenant_id', '=', tenantId)
        .where('persons.id', '=', claims.sub)
        .where('persons.customer_id', '=', claims.cus)
        .selectAll('persons')
        .select((eb) =>
          eb
            .exists(
              eb
                .selectFrom('revoked_tokens')
                .where('revoked_tokens.tenant_id', '=', tenantId)
                .where('revoked_tokens.jti', 'in', jtis)
                .select('revoked_tokens.jti'),
            )
            .as('revoked'),
        )
        .executeTakeFirst(),
    ),
    getTenant(db, tenantId),
  ]);
  // A removed person's tokens are revoked with them.
  if (!row || row.revoked || !tenant) throw tokenError('token_revoked');
  const { revoked: _revoked, ...person } = row;
  const issuedAt = typeof session.siat === 'number' ? session.siat : claims.iat;
  if (person.tokens_not_before && issuedAt * 1000 < person.tokens_not_before.getTime()) {
    throw tokenError('token_revoked');
  }
  const settings = tenant.settings;
  // A lifetime above the tenant's maximum was not issued by us (or the maximum was lowered since): refused.
  if (claims.exp - claims.iat > maxLifetime(settings.selfService)) throw tokenError('token_invalid');
  return { claims, person, settings };
}

/**
 * The token's claims once its signature (EdDSA only, the tenant's own keys), `typ`, issuer, audience, required claims
 * and expiry hold. A token this process verified before (`verified-tokens.ts`) is not verified again while its key is
 * still the tenant's; its expiry is checked at every use.
 */
async function verifiedPayload(db: Kysely<DB>, tenantId: string, token: string, typ: string): Promise<JWTPayload> {
  const memo = verifiedTokensOf(db);
  const memoKey = VerifiedTokens.key(tenantId, typ, token);
  const known = memo?.get(memoKey);
  if (known && (await getVerificationKey(db, tenantId, known.kid))) {
    // As jose: expired once `exp` is not after now, less the tolerance.
    if (typeof known.payload.exp !== 'number' || known.payload.exp <= Date.now() / 1000 - CLOCK_TOLERANCE_SECONDS) {
      memo!.forget(memoKey);
      throw tokenError('token_expired');
    }
    return known.payload;
  }
  try {
    const { payload, protectedHeader } = await jwtVerify(
      token,
      async (header) => {
        const key = await getVerificationKey(db, tenantId, header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      {
        algorithms: [SIGNING_ALG],
        typ,
        issuer: ISSUER,
        audience: tenantId,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      },
    );
    // A "not before" would need checking at every use; Portico issues none, so such a token is verified each time.
    if (payload.nbf === undefined) memo?.remember(memoKey, { kid: protectedHeader.kid!, payload });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw tokenError('token_expired');
    if (error instanceof errors.JOSEError) throw tokenError('token_invalid');
    throw error;
  }
}

/**
 * Puts a jti on the revocation list until the token would have expired anyway (entries of tokens that expired
 * more than a day ago are dropped on the way).
 */
export async function revokeJti(db: Kysely<DB>, tenantId: string, jti: string, expiresAt: number): Promise<void> {
  await db
    .deleteFrom('revoked_tokens')
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '<', new Date(Date.now() - 24 * 3600 * 1000))
    .execute();
  await db
    .insertInto('revoked_tokens')
    .values({ tenant_id: tenantId, jti, expires_at: new Date(expiresAt * 1000) })
    .onConflict((oc) => oc.columns(['tenant_id', 'jti']).doNothing())
    .execute();
}

/**
 * A token lifetime in seconds: the request's, or the tenant's default, within 60 s … 7 days (and the tenant's
 * maximum). An out-of-range request is a 400 that says the allowed range.
 */
/** The longest lifetime the tenant allows (for links that are read later, e.g. invitations). */
export function maxLifetime(selfService: { maxTokenLifetimeSeconds: number }): number {
  return Math.max(MIN_LIFETIME_SECONDS, Math.min(selfService.maxTokenLifetimeSeconds, MAX_LIFETIME_SECONDS));
}

export function resolveLifetime(
  selfService: { tokenLifetimeSeconds: number; maxTokenLifetimeSeconds: number },
  requested: unknown,
): number {
  const max = maxLifetime(selfService);
  if (requested === undefined || requested === null) {
    return Math.min(max, Math.max(MIN_LIFETIME_SECONDS, Math.floor(selfService.tokenLifetimeSeconds)));
  }
  if (
    typeof requested !== 'number' ||
    !Number.isInteger(requested) ||
    requested < MIN_LIFETIME_SECONDS ||
    requested > max
  ) {
    throw new HttpError(400, 'invalid_lifetime', `lifetimeSeconds must be a whole number from 60 to ${max}`, {
      lifetimeSeconds: `from 60 to ${max} seconds`,
    });
  }
  return requested;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
