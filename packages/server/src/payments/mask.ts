import { cardBrandName, type PaymentMethodSummary } from '@portico/core';
import type { PaymentMethod } from '../db/schema.ts';

/** `DE89370400440532013000` → `DE•• •••• •••• •••• 3000`: the country and the last four characters only. */
export function maskIban(iban: string): string {
  return `${iban.slice(0, 2)}•• •••• •••• •••• ${iban.slice(-4)}`;
}

export function brandName(brand: string | null): string {
  return cardBrandName(brand) ?? 'Card';
}

/** What may be shown of a stored method: never the full IBAN, never a provider token. */
export function summarizePaymentMethod(row: PaymentMethod): PaymentMethodSummary {
  const masked =
    row.kind === 'sepa'
      ? maskIban(row.iban ?? '')
      : row.kind === 'card'
        ? `${brandName(row.card_brand)} •••• ${row.card_last4 ?? ''}`
        : 'Invoice';
  return {
    id: row.id,
    kind: row.kind,
    masked,
    holder: row.holder,
    bic: row.kind === 'sepa' ? row.bic : null,
    mandateReference: row.kind === 'sepa' ? row.mandate_reference : null,
    brand: row.card_brand,
    last4: row.card_last4,
    expMonth: row.card_exp_month,
    expYear: row.card_exp_year,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
