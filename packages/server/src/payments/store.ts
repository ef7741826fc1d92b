import type { ScopedInsertable, TenantScope } from '../db/tenant.ts';
import { t } from '../i18n/translate.ts';
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

/** The row of a new active payment method of a customer (`insertPaymentMethod` stores it). */
export function paymentMethodRow(
  payment: NewPaymentMethod,
  owner: PaymentMethodOwner,
): ScopedInsertable<'payment_methods'> {
  const customer_id = owner.customerId;
  if (payment.kind === 'sepa') {
    return {
      customer_id,
      kind: 'sepa',
      holder: payment.holder,
      iban: payment.iban,
      bic: payment.bic,
      mandate_reference: owner.mandateReference,
      mandate_text: owner.creditor.mandateText,
    };
  }
  if (payment.kind === 'card') {
    const { card } = payment;
    return {
      customer_id,
      kind: 'card',
      holder: owner.cardHolder,
      card_brand: card.brand,
      card_last4: card.last4,
      card_exp_month: card.expMonth,
      card_exp_year: card.expYear,
      provider: card.provider,
      provider_token: card.providerToken,
    };
  }
  return { customer_id, kind: 'invoice', holder: owner.invoiceHolder };
}

/** Inserts an active payment method for a customer (the portal's change; a signup writes `paymentMethodRow`'s row with its order). */
export async function insertPaymentMethod(
  scope: TenantScope,
  payment: NewPaymentMethod,
  owner: PaymentMethodOwner,
): Promise<{ paymentMethodId: string }> {
  const row = await scope
    .insertInto('payment_methods', paymentMethodRow(payment, owner))
    .returning('id')
    .executeTakeFirstOrThrow();
  return { paymentMethodId: row.id };
}

/**
 * The lines that describe a new payment method in the contract document, in the document's language: SEPA with
 * the masked IBAN, creditor, mandate reference and the tenant's mandate text; the card by brand, last digits and
 * expiry; or invoice.
 */
export function contractPaymentLines(
  language: string,
  payment: NewPaymentMethod,
  owner: Pick<PaymentMethodOwner, 'mandateReference' | 'creditor'>,
): string[] {
  if (payment.kind === 'sepa') {
    const { creditor, mandateReference: reference } = owner;
    const Iban = `${payment.iban.slice(0, 4)} **** ${payment.iban.slice(-4)}`;
    return [
      payment.bic
        ? t(language, 'document.payment.sepaWithBic', { Holder: payment.holder, Iban, Bic: payment.bic })
        : t(language, 'document.payment.sepa', { Holder: payment.holder, Iban }),
      t(language, 'document.payment.creditor', {
        CreditorName: creditor.creditorName,
        CreditorId: creditor.creditorId,
        MandateReference: reference,
      }),
      creditor.mandateText,
    ];
  }
  if (payment.kind === 'card') {
    const { card } = payment;
    return [
      t(language, 'document.payment.card', {
        Brand: card.brand,
        Last4: card.last4,
        Expiry: `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`,
      }),
    ];
  }
  return [t(language, 'document.payment.invoice')];
}
