import type { TenantScope } from '../db/tenant.ts';
import type { StoredCard } from './provider.ts';
import type { SepaCreditor } from './sepa.ts';

/** A checked payment method, ready to be stored: SEPA with a checked IBAN, invoice, or a redeemed card token. */
export type NewPaymentMethod =
  | { kind: 'sepa'; holder: string; iban: string; bic: string | null }
  | { kind: 'invoice' }
  | { kind: 'card'; card: StoredCard };

export interface PaymentMethodOwner {
  customerId: string;
  /** Stored as the holder of a card (the provider's token carries no name). */
  cardHolder: string | null;
  /** Stored as the holder of an invoice method (company, else the person's name). */
  invoiceHolder: string | null;
  /** The SEPA mandate's reference (unique per mandate) and creditor. */
  mandateReference: string;
  creditor: SepaCreditor;
}

/**
 * Inserts an active payment method for a customer (signup and portal use this one path) and returns its id with
 * the lines that describe it in a contract document.
 */
export async function insertPaymentMethod(
  scope: TenantScope,
  payment: NewPaymentMethod,
  owner: PaymentMethodOwner,
): Promise<{ paymentMethodId: string; lines: string[] }> {
  const customerId = owner.customerId;
  if (payment.kind === 'sepa') {
    const { creditor, mandateReference: reference } = owner;
    const row = await scope
      .insertInto('payment_methods', {
        customer_id: customerId,
        kind: 'sepa',
        holder: payment.holder,
        iban: payment.iban,
        bic: payment.bic,
        mandate_reference: reference,
        mandate_text: creditor.mandateText,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      paymentMethodId: row.id,
      lines: [
        `SEPA direct debit from ${payment.holder}, IBAN ${payment.iban.slice(0, 4)} **** ${payment.iban.slice(-4)}${payment.bic ? `, BIC ${payment.bic}` : ''}`,
        `Creditor ${creditor.creditorName}, creditor identifier ${creditor.creditorId}, mandate reference ${reference}`,
        creditor.mandateText,
      ],
    };
  }
  if (payment.kind === 'card') {
    const card = payment.card;
    const row = await scope
      .insertInto('payment_methods', {
        customer_id: customerId,
        kind: 'card',
        holder: owner.cardHolder,
        card_brand: card.brand,
        card_last4: card.last4,
        card_exp_month: card.expMonth,
        card_exp_year: card.expYear,
        provider: card.provider,
        provider_token: card.providerToken,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      paymentMethodId: row.id,
      lines: [
        `Card ${card.brand} ending in ${card.last4}, expires ${String(card.expMonth).padStart(2, '0')}/${card.expYear}`,
      ],
    };
  }
  const row = await scope
    .insertInto('payment_methods', { customer_id: customerId, kind: 'invoice', holder: owner.invoiceHolder })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { paymentMethodId: row.id, lines: ['Payment by invoice (bank transfer)'] };
}
