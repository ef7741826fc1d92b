import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import type { CardInput, CardToken } from '@portico/core';
import { getSigningKey, getVerificationKey, SIGNING_ALG } from '../access/keys.ts';
import { ISSUER } from '../access/tokens.ts';
import type { DB } from '../db/schema.ts';
import { CardDeclinedError, type PaymentProvider, type StoredCard } from './provider.ts';

/** Test cards of the sandbox provider (documented in the README). */
export const SANDBOX_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
} as const;

const TOKEN_LIFETIME_SECONDS = 60 * 60;
export const SANDBOX_CARD_TYP = 'portico-sandbox-card+jwt';

/** The card of a sandbox token: brand, last four digits, expiry month and year. */
interface CardClaims {
  card: { b: string; l: string; m: number; y: number };
}

/**
 * Field errors of card input, keyed `card.number`, `card.expiry`, `card.cvc`, `card.holder`. The route schema has
 * checked the types (text, whole numbers, a four-digit year); these are the card rules.
 */
export function checkCardInput(input: CardInput, now: Date): Record<string, string> {
  const fields: Record<string, string> = {};
  const number = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) fields['card.number'] = 'This card number is not valid.';
  const { expMonth: month, expYear: year } = input;
  if (month < 1 || month > 12) {
    fields['card.expiry'] = 'Enter the expiry month (1–12) and year.';
  } else {
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
    if (year * 12 + month < current) fields['card.expiry'] = 'This card has expired.';
  }
  if (!/^\d{3,4}$/.test(input.cvc)) fields['card.cvc'] = 'Enter the 3 or 4 digit CVC.';
  if (!input.holder.trim()) fields['card.holder'] = 'Enter the name on the card.';
  return fields;
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  return 'card';
}

/**
 * The built-in sandbox provider. A token is a JWT (`typ` `portico-sandbox-card+jwt`, prefixed `sbx_`) signed with
 * the tenant's own signing key from the database, the key of its self-service tokens: every server instance on the
 * database signs and verifies alike, a restart invalidates nothing, and a key rotation leaves open forms working.
 * It carries only brand, last four digits, expiry and the tenant, so nothing of the card number is kept anywhere.
 * Card 4000 0000 0000 0002 is declined; every other valid test number succeeds.
 */
export function createSandboxProvider(db: Kysely<DB>): PaymentProvider {
  return {
    id: 'sandbox',
    async tokenize(tenantId, card) {
      const number = card.number.replace(/[\s-]/g, '');
      if (number === SANDBOX_CARDS.declined) throw new CardDeclinedError('The card was declined by the issuer.');
      const expYear = card.expYear < 100 ? 2000 + card.expYear : card.expYear;
      const token: CardToken = {
        token: '',
        brand: cardBrand(number),
        last4: number.slice(-4),
        expMonth: card.expMonth,
        expYear,
      };
      const { kid, key } = await getSigningKey(db, tenantId);
      const claims: CardClaims = { card: { b: token.brand, l: token.last4, m: token.expMonth, y: token.expYear } };
      const jwt = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: SIGNING_ALG, typ: SANDBOX_CARD_TYP, kid })
        .setIssuer(ISSUER)
        .setAudience(tenantId)
        .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
        .setJti(randomUUID())
        .sign(key);
      token.token = `sbx_${jwt}`;
      return token;
    },
    async redeem(tenantId, token): Promise<StoredCard | null> {
      if (!token.startsWith('sbx_')) return null;
      let payload: JWTPayload & Partial<CardClaims>;
      try {
        ({ payload } = await jwtVerify(
          token.slice('sbx_'.length),
          async (header) => {
            const key = await getVerificationKey(db, tenantId, header.kid);
            if (!key) throw new errors.JWKSNoMatchingKey();
            return key;
          },
          {
            algorithms: [SIGNING_ALG],
            typ: SANDBOX_CARD_TYP,
            issuer: ISSUER,
            audience: tenantId,
            requiredClaims: ['exp', 'jti'],
          },
        ));
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
      const card = payload.card;
      if (!card || typeof card.b !== 'string' || typeof card.l !== 'string') return null;
      return {
        provider: 'sandbox',
        providerToken: `sandbox_pm_${payload.jti}`,
        brand: card.b,
        last4: card.l,
        expMonth: card.m,
        expYear: card.y,
      };
    },
  };
}

export { CardDeclinedError };
