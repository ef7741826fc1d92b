import type { JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** How many verified tokens a process remembers per database (the least recently verified goes first). */
const MAX_TOKENS = 10_000;

export interface VerifiedToken {
  /** The key that signed it: it must still be one of the tenant's keys when the token is used again. */
  kid: string;
  payload: Readonly<JWTPayload>;
}

/**
 * Tokens whose signature, `typ`, issuer and audience this process has verified, by tenant, `typ` and the token's
 * exact text. A portal session sends the same token with every request; its EdDSA signature is checked once, and
 * again only when the token is not remembered. What can change over a token's life is checked at every use all the
 * same: its expiry (`tokens.ts`), its key still being the tenant's, revocation and the person (the database).
 * Only tokens that verified are kept, so nothing an attacker sends fills the memory.
 */
export class VerifiedTokens {
  readonly #tokens = new Map<string, VerifiedToken>();

  static key(tenantId: string, typ: string, token: string): string {
    return `${tenantId}\u0000${typ}\u0000${token}`;
  }

  get(key: string): VerifiedToken | undefined {
    return this.#tokens.get(key);
  }

  remember(key: string, token: VerifiedToken): void {
    if (this.#tokens.size >= MAX_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value!);
    this.#tokens.set(key, { kid: token.kid, payload: Object.freeze({ ...token.payload }) });
  }

  forget(key: string): void {
    this.#tokens.delete(key);
  }
}

/** Per database (a process may open several, e.g. tests, each with its own keys); none inside a transaction. */
const byDb = new WeakMap<Kysely<DB>, VerifiedTokens>();

export function verifiedTokensOf(db: Kysely<DB>): VerifiedTokens | undefined {
  if (db.isTransaction) return undefined;
  let found = byDb.get(db);
  if (!found) {
    found = new VerifiedTokens();
    byDb.set(db, found);
  }
  return found;
}
