import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CardInput, CardToken } from '@portico/core';
import { CardDeclinedError, type PaymentProvider, type StoredCard } from './provider.ts';

/** Test cards of the sandbox provider (documented in the README). */
export const SANDBOX_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
} as const;

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** Field errors of card input, keyed `card.number`, `card.expiry`, `card.cvc`, `card.holder`. */
export function checkCardInput(input: Partial<Record<keyof CardInput, unknown>>, now: Date): Record<string, string> {
  const fields: Record<string, string> = {};
  const number = typeof input.number === 'string' ? input.number.replace(/[\s-]/g, '') : '';
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) fields['card.number'] = 'This card number is not valid.';
  const month = input.expMonth;
  const year = input.expYear;
  if (!Number.isInteger(month) || !Number.isInteger(year) || (month as number) < 1 || (month as number) > 12) {
    fields['card.expiry'] = 'Enter the expiry month (1–12) and year.';
  } else {
    const fullYear = (year as number) < 100 ? 2000 + (year as number) : (year as number);
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
    if (fullYear * 12 + (month as number) < current) fields['card.expiry'] = 'This card has expired.';
  }
  if (typeof input.cvc !== 'string' || !/^\d{3,4}$/.test(input.cvc)) fields['card.cvc'] = 'Enter the 3 or 4 digit CVC.';
  if (typeof input.holder !== 'string' || !input.holder.trim()) fields['card.holder'] = 'Enter the name on the card.';
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
 * The built-in sandbox provider. A token is self-contained and signed with a per-process secret: it carries only
 * brand, last four digits, expiry, the tenant and its expiry time, so nothing of the card number is kept anywhere.
 * Card 4000 0000 0000 0002 is declined; every other valid test number succeeds.
 */
export function createSandboxProvider(secret: Buffer = randomBytes(32)): PaymentProvider {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
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
      const payload = Buffer.from(
        JSON.stringify({
          t: tenantId,
          b: token.brand,
          l: token.last4,
          m: token.expMonth,
          y: token.expYear,
          x: Date.now() + TOKEN_LIFETIME_MS,
          n: randomUUID(),
        }),
      ).toString('base64url');
      token.token = `sbx_${payload}.${sign(payload)}`;
      return token;
    },
    async redeem(tenantId, token): Promise<StoredCard | null> {
      const match = /^sbx_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
      if (!match) return null;
      const [, payload, signature] = match as unknown as [string, string, string];
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
        t: string;
        b: string;
        l: string;
        m: number;
        y: number;
        x: number;
        n: string;
      };
      if (data.t !== tenantId || data.x < Date.now()) return null;
      return {
        provider: 'sandbox',
        providerToken: `sandbox_pm_${data.n}`,
        brand: data.b,
        last4: data.l,
        expMonth: data.m,
        expYear: data.y,
      };
    },
  };
}

export { CardDeclinedError };
