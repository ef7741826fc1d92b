import { Type, type Static } from 'typebox';
import type { PaymentInput, PaymentMethodKind } from '@portico/core';

export const PAYMENT_METHOD_KINDS = ['sepa', 'invoice', 'card'] as const satisfies readonly PaymentMethodKind[];

/**
 * A payment method as the signup's order and the portal's change of payment data send it (`PaymentInput` of
 * `@portico/core`). One object rather than a union of three, so that a form learns what is wrong field by field
 * (`payment.iban`, `payment.cardToken`) from the checks that follow, instead of one complaint per alternative.
 */
export const PaymentInputBody = Type.Object(
  {
    kind: Type.Enum(PAYMENT_METHOD_KINDS, { description: 'One of the methods the tenant enables.' }),
    holder: Type.Optional(Type.String({ description: 'SEPA: the account holder.' })),
    iban: Type.Optional(Type.String({ description: 'SEPA: the IBAN (spaces are ignored).' })),
    bic: Type.Optional(Type.String({ description: 'SEPA: the BIC; optional (known German banks are filled in).' })),
    cardToken: Type.Optional(Type.String({ description: "card: the token of the card provider's frame." })),
  },
  { additionalProperties: false },
);
export type PaymentInputBody = Static<typeof PaymentInputBody>;

/**
 * A payment method the tenant enables, with the card token a card needs; the SEPA details are `checkSepa`'s. Adds
 * field messages to `fields` and returns null when the method cannot be used.
 */
export function checkPaymentInput(
  payment: PaymentInputBody,
  enabled: readonly PaymentMethodKind[],
  fields: Record<string, string>,
): PaymentInput | null {
  if (!enabled.includes(payment.kind)) {
    fields['payment.kind'] = `The payment method "${payment.kind}" is not available.`;
    return null;
  }
  if (payment.kind === 'card' && !payment.cardToken) {
    fields['payment.cardToken'] = 'Enter your card details.';
    return null;
  }
  return payment as PaymentInput;
}
