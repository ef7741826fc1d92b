import type { CardInput, CardToken } from '@portico/core';

/** What Portico keeps of a card: never the number or the CVC. */
export interface StoredCard {
  provider: string;
  providerToken: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export class CardDeclinedError extends Error {
  override name = 'CardDeclinedError';
}

/** A card payment provider. Portico's pages never see card numbers outside the provider's own frame. */
export interface PaymentProvider {
  readonly id: string;
  /** Turns card fields into a short-lived token; throws CardDeclinedError for a refused card. */
  tokenize(tenantId: string, card: CardInput): Promise<CardToken>;
  /** Resolves a token made by `tokenize` for this tenant into what may be stored; null when unknown or expired. */
  redeem(tenantId: string, token: string): Promise<StoredCard | null>;
}
