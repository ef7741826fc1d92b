/**
 * The portal's write side and usage statistics (tenant-scoped, `Authorization: Bearer <session>` as in
 * `portal-api.ts`):
 *
 * - `GET    /api/portal/{tenant}/billing-address`                      → {@link BillingAddressView}
 * - `PUT    /api/portal/{tenant}/billing-address` body {@link BillingAddressUpdate} → {@link BillingAddressView}
 *   (400 `invalid_request` with `fields` keyed `address.{field}` per the tenant's field requirements; 409
 *   `version_conflict` when `version` is stale: someone else changed it; reload and retry)
 * - `GET    /api/portal/{tenant}/payment-method`                       → {@link PaymentMethodView} (masked)
 * - `PUT    /api/portal/{tenant}/payment-method` body `PaymentInput` (signup)    → {@link PaymentMethodView}
 *   (the old method is kept with status `replaced` and `replaced_at`, the customer's running contracts use the
 *   new one, and a confirmation e-mail goes out. 400 `invalid_request` with `fields` `payment.kind` (not enabled
 *   by the tenant), `payment.holder`/`payment.iban`/`payment.bic` (SEPA checks as in the signup) or
 *   `payment.cardToken` (unknown, expired or another tenant's card token); a declined card gets no token at all
 *   (402 `card_declined` from the card frame's tokens endpoint). On every refusal the old method stays active.
 *   Sending the method that is already active again changes nothing: retries are safe.)
 * - `GET    /api/portal/{tenant}/contracts/{id}/cancellation`          → {@link CancellationInfo}
 * - `POST   /api/portal/{tenant}/contracts/{id}/cancellation` body {@link CancellationRequest} → {@link CancellationInfo}
 *   (400 `invalid_request` with `fields.endDate` when earlier than allowed or malformed; 409 `contract_ended`
 *   or `already_cancelled` when it is ended or already cancelled with another date; cancelling twice with the
 *   same (or no) date returns the same answer and changes nothing; a confirmation e-mail goes out)
 * - `DELETE /api/portal/{tenant}/contracts/{id}/cancellation`          → {@link CancellationInfo}
 *   (withdraws it before it takes effect when the tenant's `selfService.allowCancellationWithdrawal` is on;
 *   403 `forbidden` otherwise; 409 `not_cancelled` when there is nothing to withdraw)
 * - `GET    /api/portal/{tenant}/contracts/{id}/usage?month=YYYY-MM&dimension=kind:value` → {@link UsageStatistics}
 *   (month defaults to the current month in the tenant's time zone; 400 with `fields.month` when malformed or
 *   in the future, `fields.dimension` when unknown)
 * - `GET    /api/portal/{tenant}/contracts/{id}/usage/export?month=&dimension=&format=csv|xlsx|pdf|json`
 *   → the same figures as a download (`Content-Disposition: attachment`); 400 `fields.format` when unknown
 *
 * Permissions: `billingAddress` area + `contract` permission for the address, `paymentData` + `payment` for
 * payment data, `cancellation` + `contract` for cancellations, `usage` + `usage` for usage; 403 `forbidden`
 * otherwise. A contract outside the session's scope or another tenant's token → 404 / 401 as in `portal-api.ts`.
 * Every change writes an audit_log row (who, when).
 */
import type { CustomerField, PaymentMethodKind } from './signup-api.ts';

export type BillingAddressField = Exclude<CustomerField, 'email'> | 'email';

export interface BillingAddressView {
  /** Only the fields the tenant does not hide. */
  address: Partial<Record<BillingAddressField, string>>;
  /** The tenant's requirement per field (hidden fields are absent). */
  requirements: Partial<Record<BillingAddressField, 'mandatory' | 'optional'>>;
  /** Optimistic concurrency token: send it back with the PUT. */
  version: number;
}

export interface BillingAddressUpdate {
  address: Partial<Record<BillingAddressField, string>>;
  version: number;
}

/** A stored payment method, masked: never the full IBAN, never a card number. */
export interface PaymentMethodSummary {
  id: string;
  kind: PaymentMethodKind;
  /** Human-readable masked form, e.g. `DE•• •••• •••• •••• 3000`, `Visa •••• 4242`, `Invoice`. */
  masked: string;
  holder: string | null;
  /** SEPA: the BIC and the mandate's reference. */
  bic: string | null;
  mandateReference: string | null;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  createdAt: string;
}

export interface PaymentMethodView {
  /** The active method; null when the customer has none. */
  current: PaymentMethodSummary | null;
  /** Methods the tenant enables, for the replace form. */
  enabledKinds: PaymentMethodKind[];
  /** The tenant's SEPA creditor and mandate text, shown before a new SEPA mandate is given. */
  sepa: { creditorName: string; creditorId: string; mandateText: string };
}

export interface CancellationInfo {
  contractId: string;
  status: 'trial' | 'active' | 'ending' | 'ended';
  /** Earliest possible end date ('YYYY-MM-DD') if cancelled now; null for an ended contract. */
  earliestEndDate: string | null;
  /** The end date when a cancellation is in place, else null. */
  endDate: string | null;
  cancelledAt: string | null;
  reason: string | null;
  /** True when a cancellation is in place, has not taken effect and the tenant allows withdrawal. */
  withdrawalAllowed: boolean;
}

export interface CancellationRequest {
  /** 'YYYY-MM-DD', not before `earliestEndDate`; defaults to it. */
  endDate?: string;
  reason?: string;
}

/** `kind:value`, e.g. `token:abc` or `ip:10.0.0.1`. */
export interface UsageDimension {
  kind: string;
  value: string;
  /** `kind:value`, what the `dimension` query parameter takes. */
  key: string;
}

export interface UsageDay {
  date: string;
  /** Quantity per metered component id. */
  quantities: Record<string, number>;
}

/**
 * A unit's label per CLDR plural category ("Aufruf" for `one`, "Aufrufe" for `other`), from the catalog in the
 * language answered; the page picks the category with `Intl.PluralRules` and falls back to `other`, then to `unit`.
 */
export type UnitForms = Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many' | 'other', string>>;

export interface UsageTotal {
  componentId: string;
  name: string;
  /** The unit's label as the catalog names it (singular), e.g. "call". */
  unit: string;
  /** The unit's label per plural form, when the catalog has them for the language (empty otherwise). */
  units: UnitForms;
  quantity: number;
  priceCents: number;
}

export interface UsageStatistics {
  month: string;
  /** The dimension filter applied, or null for all. */
  dimension: string | null;
  /** Dimensions that occur in the month, for the filter. */
  dimensions: UsageDimension[];
  /** The contract's first month (`YYYY-MM`): the month picker starts there, as the contract's days do. */
  firstMonth: string;
  /** Every day of the month (up to today for the current month), zero-filled. */
  days: UsageDay[];
  totals: UsageTotal[];
  currency: string;
}

export type UsageExportFormat = 'csv' | 'xlsx' | 'pdf' | 'json';
export const USAGE_EXPORT_FORMATS: readonly UsageExportFormat[] = ['csv', 'xlsx', 'pdf', 'json'];
