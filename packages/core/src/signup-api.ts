/**
 * The signup page's API (public, tenant-scoped). Paths are relative to the Portico server:
 *
 * - `GET  /api/signup/{tenant}/plan-variants/{variantId}/config` → {@link SignupConfig}
 * - `POST /api/signup/{tenant}/preview`  body {@link OrderDraft}   → {@link OrderPreview}
 * - `POST /api/signup/{tenant}/orders`   body {@link OrderRequest}, header `Idempotency-Key` → 201 {@link OrderResult}
 * - `GET  /{tenant}/payments/sandbox/card-frame?origin={parentOrigin}` → the sandbox provider's card page (iframe)
 * - `POST /api/payments/sandbox/{tenant}/tokens` body {@link CardInput} → {@link CardToken} (402 `card_declined`)
 *
 * Errors are {@link ApiErrorBody}: 400 `invalid_request` with `fields` keyed by the names below
 * (`customer.email`, `payment.iban`, `components.{componentId}`, `couponCode`, `terms.{key}`, …),
 * 404 `not_found`, 409 `idempotency_conflict`, 402 `card_declined`, 413 `body_too_large`, 400 `malformed_json`.
 */
import type { PlanVariantSummary, StringOverrides } from './api-types.ts';

export type FieldRequirement = 'mandatory' | 'optional' | 'hidden';
export type CustomerField =
  | 'email'
  | 'company'
  | 'firstName'
  | 'lastName'
  | 'street'
  | 'houseNumber'
  | 'postalCode'
  | 'city'
  | 'country'
  | 'phone'
  | 'vatId';
export type PaymentMethodKind = 'sepa' | 'invoice' | 'card';

export interface SignupComponent {
  id: string;
  kind: 'quantity' | 'on_off' | 'metered';
  name: string;
  description: string;
  unit: string;
  /** Price in cents for `pricePerUnits` units per billing period (metered: per units used). */
  unitPriceCents: number;
  pricePerUnits: number;
  minQuantity: number;
  maxQuantity: number | null;
  defaultQuantity: number;
}

export interface SignupTerm {
  key: string;
  kind: 'required' | 'informational';
  textVersion: string;
  /** Merchant HTML (links); the page sanitises it with DOMPurify before rendering. */
  labelHtml: string;
}

export interface SignupConfig {
  tenant: {
    id: string;
    name: string;
    currency: string;
    country: string;
    defaultLanguage: string;
    /** The merchant's replacement texts; the server always sends them (optional for configs built elsewhere). */
    stringOverrides?: StringOverrides;
  };
  variant: PlanVariantSummary;
  /** Other variants of the same plan open for signup (e.g. monthly/yearly), the current one included. */
  siblings: PlanVariantSummary[];
  /** Quantity-based and on/off components flagged for signup. */
  components: SignupComponent[];
  /** Metered components flagged as pricing information, shown read-only. */
  usageFees: SignupComponent[];
  couponField: boolean;
  fields: Record<CustomerField, FieldRequirement>;
  terms: SignupTerm[];
  paymentMethods: PaymentMethodKind[];
  sepa: { creditorName: string; creditorId: string; mandateText: string };
  successUrl: string | null;
}

export type CustomerInput = Partial<Record<CustomerField, string>>;

export interface OrderDraft {
  planVariantId: string;
  /** Chosen quantity per component id; on/off components use 0 or 1. */
  components: Record<string, number>;
  couponCode?: string;
  customer: CustomerInput;
  language?: string;
}

export type PaymentInput =
  | { kind: 'sepa'; holder: string; iban: string; bic?: string }
  | { kind: 'invoice' }
  | { kind: 'card'; cardToken: string };

export interface OrderRequest extends OrderDraft {
  /** Keys of the terms the customer ticked. */
  acceptedTerms: string[];
  payment: PaymentInput;
}

export interface PreviewLine {
  kind: 'plan' | 'component';
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

export interface OrderPreview {
  currency: string;
  billingPeriodMonths: number;
  lines: PreviewLine[];
  discount: {
    code: string;
    description: string;
    amountCents: number;
    /** 'YYYY-MM-DD': the last day of the last billing period the coupon reduces; null when it lasts the whole contract. */
    endsOn: string | null;
  } | null;
  /** Why a typed coupon does not apply (unknown, expired, used up, not for this plan); null when fine or empty. */
  couponError: string | null;
  netCents: number;
  taxRateBasisPoints: number;
  taxCents: number;
  grossCents: number;
  reverseCharge: boolean;
  /** Gross charged with the order (0 during a trial). */
  dueTodayCents: number;
  /** Gross per billing period after the first. */
  recurringCents: number;
  /** Gross per billing period once the coupon has run out (from the day after `discount.endsOn`); null without one. */
  afterDiscountCents: number | null;
  /** 'YYYY-MM-DD' or null without trial. */
  trialEnd: string | null;
}

export interface OrderResult {
  orderId: string;
  customerId: string;
  contractId: string;
  contractNumber: string;
  invoiceId: string | null;
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holder: string;
}

export interface CardToken {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}
