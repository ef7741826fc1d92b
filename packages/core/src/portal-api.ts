/**
 * The portal's API (tenant-scoped). The page exchanges the self-service token from the e-mail link for a
 * short-lived session token kept in memory and sends it as `Authorization: Bearer <session>`:
 *
 * - `POST   /api/portal/{tenant}/session` body `{ token }`          → {@link PortalSession}
 * - `POST   /api/portal/{tenant}/session/extend`                      → {@link PortalSession}
 * - `DELETE /api/portal/{tenant}/session`                             → 204 (revokes the token: logout)
 * - `GET    /api/portal/{tenant}/dashboard`                           → {@link Dashboard}
 * - `GET    /api/portal/{tenant}/contracts/{id}`                      → {@link ContractDetails}
 * - `GET    /api/portal/{tenant}/contracts/{id}/document`             → application/pdf
 * - `GET    /api/portal/{tenant}/invoices?contract=&status=&year=&cursor=&limit=` → {@link InvoicePage}
 * - `GET    /api/portal/{tenant}/invoices/{id}/pdf`                   → application/pdf
 * - `GET    /api/portal/{tenant}/persons`                             → {@link PortalPerson}[]
 * - `POST   /api/portal/{tenant}/persons` body {@link PersonInvite}   → 201 {@link PortalPerson} (e-mails a link)
 * - `PATCH  /api/portal/{tenant}/persons/{id}` body `{ role?, permissions? }` → {@link PortalPerson}
 * - `DELETE /api/portal/{tenant}/persons/{id}`                        → 204
 * - `POST   /api/portal/{tenant}/request-link` body `{ contractNumber, email }` → 202, whether or not they match
 * - `GET    /{tenant}/.well-known/jwks.json`                          → the tenant's public keys
 * - merchant: `POST /api/v1/contracts/{contractId}/self-service-token` (API key) → {@link SelfServiceLink}
 *
 * 401 answers carry a `code` the page turns into "request a new link": `token_expired`, `token_invalid`,
 * `token_revoked`. 403 `forbidden` when the person lacks the permission or the area is not displayed.
 */

export type PersonRole = 'owner' | 'admin' | 'member';
export type PersonPermission = 'invoices' | 'usage' | 'contract' | 'payment' | 'personnel';
/** Every permission a person can hold; an owner holds them all. */
export const PERSON_PERMISSIONS = [
  'invoices',
  'usage',
  'contract',
  'payment',
  'personnel',
] as const satisfies readonly PersonPermission[];
export type DisplayedArea =
  | 'contracts'
  | 'contractDetails'
  | 'invoices'
  | 'usage'
  | 'personnel'
  | 'billingAddress'
  | 'paymentData'
  | 'cancellation'
  | 'documents';

export interface PortalSession {
  sessionToken: string;
  /** ISO time the session ends unless extended. */
  expiresAt: string;
  /** ISO time after which it cannot be extended (the self-service token's lifetime bound). */
  maxExpiresAt: string;
  person: PortalPerson;
  customer: { id: string; customerNumber: string; company: string | null; name: string };
  /** Contract ids this session may see. */
  contractIds: string[];
  /**
   * The contracts of `contractIds` that still belong to the customer, in the same order, with what the portal's
   * contract picker shows (the plan name in the language the session was requested in).
   */
  contracts: PortalContractLabel[];
  displayedAreas: Record<DisplayedArea, boolean>;
  language: string;
  /** Deep-link action requested by the link, e.g. `payment`, or null. */
  action: string | null;
}

export interface PortalContractLabel {
  id: string;
  contractNumber: string;
  planName: string;
}

export interface PortalPerson {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  role: PersonRole;
  permissions: PersonPermission[];
}

export interface PersonInvite {
  email: string;
  firstName: string;
  lastName: string;
  phone?: string;
  role: Exclude<PersonRole, 'owner'>;
  permissions: PersonPermission[];
}

export interface ContractSummary {
  id: string;
  contractNumber: string;
  status: 'trial' | 'active' | 'ending' | 'ended';
  planName: string;
  variantName: string;
  nextBillingDate: string | null;
  endDate: string | null;
}

export interface InvoiceSummary {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  status: 'open' | 'overdue' | 'paid' | 'void' | 'draft';
  issueDate: string;
  dueDate: string | null;
  grossCents: number;
  currency: string;
  contractId: string | null;
}

export interface Dashboard {
  contracts: ContractSummary[];
  pendingInvoices: InvoiceSummary[];
}

export interface ContractDetails extends ContractSummary {
  startDate: string;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  minimumTermEnd: string | null;
  noticePeriodDays: number;
  earliestEndDate: string | null;
  priceCents: number;
  currency: string;
  billingPeriodMonths: number;
  components: ContractComponentDetails[];
  /** What a full billing period costs now, at the current quantities, with the coupon and tax. */
  price: ContractPrice;
  hasDocument: boolean;
}

export interface ContractComponentDetails {
  id: string;
  name: string;
  kind: 'quantity' | 'on_off' | 'metered';
  quantity: number;
  /** The price of `pricePerUnits` units (metered), of one unit (quantity) or of the add-on (on/off). */
  unitPriceCents: number;
  pricePerUnits: number;
  /** The unit's name for metered components, e.g. "API calls"; null when the catalog names none. */
  unit: string | null;
  /** Per billing period at the current quantity; null for metered components (billed by usage). */
  amountCents: number | null;
}

export interface ContractPrice {
  /** The coupon of the contract while it still reduces the price, else null. */
  discount: {
    code: string;
    /** Per billing period. */
    amountCents: number;
    /** The last day of the last period it reduces; null when it lasts the whole contract. */
    endsOn: string | null;
  } | null;
  /** Per billing period, after the discount (metered usage comes on top). */
  netCents: number;
  taxRateBasisPoints: number;
  taxCents: number;
  grossCents: number;
  reverseCharge: boolean;
  /** Gross per period once the coupon has run out; null without a coupon that ends. */
  grossAfterDiscountCents: number | null;
}

export interface InvoicePage {
  items: InvoiceSummary[];
  /** Opaque cursor of the next page, or null on the last page (keyset paging). */
  nextCursor: string | null;
  /** Years that have invoices, newest first, for the year filter. */
  years: number[];
}

export interface SelfServiceLink {
  token: string;
  url: string;
  expiresAt: string;
}
