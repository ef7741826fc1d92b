import type { FastifyServerOptions } from 'fastify';
import { Type, type Static, type TObject } from 'typebox';
import {
  USAGE_EXPORT_FORMATS,
  type CancellationInfo,
  type CancellationRequest,
  type ContractDetails,
  type ContractSummary,
  type Dashboard,
  type InvoicePage,
  type InvoiceSummary,
  type PaymentMethodView,
  type PersonInvite,
  PERSON_PERMISSIONS,
  type PersonRole,
  type PortalContractLabel,
  type PortalPerson,
  type PortalSession,
  type UsageStatistics,
} from '@portico/core';
import { PAYMENT_METHOD_KINDS } from '../payments/payment-input.ts';
import { DateString, DateTimeString, IdParam, Nullable, TenantId } from '../http/schemas.ts';
export { TenantParams } from '../http/schemas.ts';
import { HttpError, validationFields } from '../http/errors.ts';

/**
 * The portal API's requests and answers as TypeBox schemas (the route schemas of this folder's plugins).
 * `@portico/core`'s `portal-api.ts` and `portal-write-api.ts` are the contract; the checks at the end of this file
 * fail to compile when a schema and its contract type drift apart. Answers are closed objects, so the tests' strict
 * response check also catches a property that is sent but not described.
 */

const closed = { additionalProperties: false } as const;

/** Every signed-in route: the session token from the link exchange as `Authorization: Bearer …`. */
export const signedIn = [{ portalSession: [] }];
export const tags = ['portal'];

// ---- Parts of requests

export const TenantAndId = Type.Object({ tenant: TenantId, id: IdParam });

const language = Type.Optional(
  Type.String({
    description:
      'The language of catalog texts (plan and component names, the mandate text), e.g. `de`; default: the first ' +
      'language of `Accept-Language`, else the one of the link.',
  }),
);

/** `?language=` of routes that answer with catalog texts. */
export const LanguageQuery = Type.Object({ language });

const ROLES = ['owner', 'admin', 'member'] as const satisfies PersonRole[];
const CONTRACT_STATUSES = ['trial', 'active', 'ending', 'ended'] as const;
/** The statuses the invoice list filters by (drafts are never shown). */
export const INVOICE_FILTER_STATUSES = ['open', 'overdue', 'paid', 'void'] as const;

const Permission = Type.Enum(PERSON_PERMISSIONS);
const Permissions = Type.Array(Permission, { description: 'What the person may see and do in the portal.' });

// ---- Session

export const SessionRequest = Type.Object({
  token: Type.String({ minLength: 1, description: 'The self-service token of the link (`#token=…`).' }),
});

export const PortalPersonSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    phone: Nullable(Type.String()),
    role: Type.Enum(ROLES),
    permissions: Permissions,
  },
  { ...closed, title: 'PortalPerson' },
);

export const ContractLabelSchema = Type.Object(
  {
    id: Type.String(),
    contractNumber: Type.String(),
    planName: Type.String({ description: 'In the language the session (or the request) names.' }),
  },
  { ...closed, title: 'PortalContractLabel' },
);

export const PortalSessionSchema = Type.Object(
  {
    sessionToken: Type.String({ description: 'Send it as `Authorization: Bearer …`; it ends at `expiresAt`.' }),
    expiresAt: DateTimeString,
    maxExpiresAt: Type.String({
      format: 'date-time',
      description: "After this the session cannot be extended (the link's expiry).",
    }),
    person: PortalPersonSchema,
    customer: Type.Object(
      { id: Type.String(), customerNumber: Type.String(), company: Nullable(Type.String()), name: Type.String() },
      closed,
    ),
    contractIds: Type.Array(Type.String(), { description: 'The contracts this session may see.' }),
    contracts: Type.Array(ContractLabelSchema),
    displayedAreas: Type.Object(
      {
        contracts: Type.Boolean(),
        contractDetails: Type.Boolean(),
        invoices: Type.Boolean(),
        usage: Type.Boolean(),
        personnel: Type.Boolean(),
        billingAddress: Type.Boolean(),
        paymentData: Type.Boolean(),
        cancellation: Type.Boolean(),
        documents: Type.Boolean(),
      },
      { ...closed, description: 'The sections the merchant shows.' },
    ),
    language: Type.String(),
    customerLanguage: Nullable(Type.String({ description: "The link's language, else the customer's own." })),
    stringOverrides: Type.Record(Type.String(), Type.Record(Type.String(), Type.String()), {
      description: "The merchant's replacement texts for the elements: language → message id or text → text.",
    }),
    action: Nullable(Type.String({ description: 'The section the link asks to open, e.g. `payment`.' })),
  },
  { ...closed, title: 'PortalSession' },
);
export type PortalSessionAnswer = Static<typeof PortalSessionSchema>;

// ---- Request a link

export const RequestLinkBody = Type.Object(
  {
    contractNumber: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }),
    email: Type.String({ minLength: 1, maxLength: 254, pattern: '@' }),
  },
  closed,
);

export const Accepted = Type.Object(
  { status: Type.Literal('accepted') },
  { ...closed, description: 'The same answer whether or not contract number and e-mail address match.' },
);

// ---- Dashboard, contracts, invoices

const contractSummary = {
  id: Type.String(),
  contractNumber: Type.String(),
  status: Type.Enum(CONTRACT_STATUSES),
  planName: Type.String(),
  variantName: Type.String(),
  nextBillingDate: Nullable(DateString),
  endDate: Nullable(DateString),
};

export const ContractSummarySchema = Type.Object(contractSummary, { ...closed, title: 'ContractSummary' });

export const InvoiceSummarySchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    kind: Type.Enum(['invoice', 'credit_note']),
    status: Type.Enum(['open', 'overdue', 'paid', 'void', 'draft']),
    issueDate: DateString,
    dueDate: Nullable(DateString),
    grossCents: Type.Integer(),
    currency: Type.String({ examples: ['EUR'] }),
    contractId: Nullable(Type.String()),
  },
  { ...closed, title: 'InvoiceSummary' },
);

export const DashboardSchema = Type.Object(
  {
    contracts: Type.Array(ContractSummarySchema),
    pendingInvoices: Type.Array(InvoiceSummarySchema, { description: 'Open and overdue invoices, by due date.' }),
  },
  { ...closed, title: 'Dashboard' },
);

export const ContractDetailsSchema = Type.Object(
  {
    ...contractSummary,
    startDate: DateString,
    currentPeriodStart: DateString,
    currentPeriodEnd: DateString,
    minimumTermEnd: Nullable(DateString),
    noticePeriodDays: Type.Integer(),
    earliestEndDate: Nullable(DateString),
    priceCents: Type.Integer(),
    currency: Type.String(),
    billingPeriodMonths: Type.Integer(),
    components: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          name: Type.String(),
          kind: Type.Enum(['quantity', 'on_off', 'metered']),
          quantity: Type.Integer(),
          unitPriceCents: Type.Integer(),
          pricePerUnits: Type.Integer(),
          unit: Nullable(Type.String()),
          amountCents: Nullable(Type.Integer()),
        },
        closed,
      ),
    ),
    price: Type.Object(
      {
        discount: Nullable(
          Type.Object({ code: Type.String(), amountCents: Type.Integer(), endsOn: Nullable(DateString) }, closed),
        ),
        netCents: Type.Integer(),
        taxRateBasisPoints: Type.Integer(),
        taxCents: Type.Integer(),
        grossCents: Type.Integer(),
        reverseCharge: Type.Boolean(),
        grossAfterDiscountCents: Nullable(Type.Integer()),
      },
      { ...closed, description: 'A full billing period at the current quantities, with the coupon and tax.' },
    ),
    hasDocument: Type.Boolean(),
  },
  { ...closed, title: 'ContractDetails' },
);

export const InvoiceQuery = Type.Object({
  contract: Type.Optional(Type.String({ description: 'Only the invoices of this contract (of the session).' })),
  status: Type.Optional(Type.Enum(INVOICE_FILTER_STATUSES)),
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 9999, description: 'Issued in this year.' })),
  cursor: Type.Optional(Type.String({ description: '`nextCursor` of the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

export const InvoicePageSchema = Type.Object(
  {
    items: Type.Array(InvoiceSummarySchema),
    nextCursor: Nullable(Type.String({ description: 'The next page, or null on the last page.' })),
    years: Type.Array(Type.Integer(), { description: 'Years that have invoices, newest first.' }),
  },
  { ...closed, title: 'InvoicePage' },
);

/** A file answer (PDF, CSV, XLSX): the body is the file itself. */
export const Download = Type.Unsafe<Buffer | string>({ type: 'string', format: 'binary', description: 'The file.' });

// ---- Authorised personnel

/** An e-mail address as the invite form checks it (surrounding spaces are dropped). */
const EMAIL_PATTERN = '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*$';

export const PersonInviteBody = Type.Object(
  {
    email: Type.String({ maxLength: 254, pattern: EMAIL_PATTERN, examples: ['name@example.com'] }),
    firstName: Type.String({ minLength: 1, maxLength: 100 }),
    lastName: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    role: Type.Enum(['admin', 'member'], { description: 'Only owners make owners, by changing a role.' }),
    permissions: Permissions,
  },
  closed,
);

export const PersonChangeBody = Type.Object(
  { role: Type.Optional(Type.Enum(ROLES)), permissions: Type.Optional(Permissions) },
  { ...closed, description: 'A new role, new permissions, or both.' },
);

// ---- Cancellation

/**
 * An object body that may also be left out (`null`): one JSON Schema `type: ['object', 'null']` rather than a union,
 * so that a problem inside the object is reported on its field alone.
 */
function objectOrNull<T extends TObject>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: ['object', 'null'] });
}

export const MAX_CANCELLATION_REASON = 1000;

export const CancellationBody = objectOrNull(
  Type.Object(
    {
      endDate: Type.Optional(
        Type.String({
          format: 'date',
          description: 'Not before `earliestEndDate`; default: the earliest possible end date.',
          examples: ['2026-12-31'],
        }),
      ),
      reason: Type.Optional(Type.String({ maxLength: MAX_CANCELLATION_REASON })),
    },
    closed,
  ),
);

export const CancellationInfoSchema = Type.Object(
  {
    contractId: Type.String(),
    status: Type.Enum(CONTRACT_STATUSES),
    earliestEndDate: Nullable(DateString),
    endDate: Nullable(DateString),
    cancelledAt: Nullable(DateTimeString),
    reason: Nullable(Type.String()),
    withdrawalAllowed: Type.Boolean(),
  },
  { ...closed, title: 'CancellationInfo' },
);

// ---- Usage

export const UsageQuery = Type.Object({
  month: Type.Optional(
    Type.String({
      // A month of the years 0001–9999 (PostgreSQL has no year 0000).
      pattern: '^((?!0000)\\d{4}-(0[1-9]|1[0-2]))?$',
      description: "`YYYY-MM`; default (also when empty): the current month in the merchant's time zone.",
      examples: ['2026-10'],
    }),
  ),
  dimension: Type.Optional(
    Type.String({
      pattern: '^([^:]+:.+)?$',
      description: 'Only the usage of one dimension, `kind:value` (a `key` of `dimensions`), e.g. `token:abc`.',
    }),
  ),
  language,
});

export const UsageExportQuery = Type.Object({
  ...UsageQuery.properties,
  format: Type.Enum(USAGE_EXPORT_FORMATS as readonly ['csv', 'xlsx', 'pdf', 'json']),
});

export const UsageStatisticsSchema = Type.Object(
  {
    month: Type.String({ examples: ['2026-10'] }),
    dimension: Nullable(Type.String()),
    dimensions: Type.Array(Type.Object({ kind: Type.String(), value: Type.String(), key: Type.String() }, closed)),
    firstMonth: Type.String({ description: "The contract's first month (YYYY-MM).", examples: ['2026-03'] }),
    days: Type.Array(
      Type.Object(
        {
          date: DateString,
          quantities: Type.Record(Type.String(), Type.Number(), { description: 'Per metered component id.' }),
        },
        closed,
      ),
    ),
    totals: Type.Array(
      Type.Object(
        {
          componentId: Type.String(),
          name: Type.String(),
          unit: Type.String(),
          units: Type.Object(
            {
              zero: Type.Optional(Type.String()),
              one: Type.Optional(Type.String()),
              two: Type.Optional(Type.String()),
              few: Type.Optional(Type.String()),
              many: Type.Optional(Type.String()),
              other: Type.Optional(Type.String()),
            },
            { ...closed, description: 'The unit per CLDR plural category, where the catalog has them.' },
          ),
          quantity: Type.Number(),
          priceCents: Type.Integer(),
        },
        closed,
      ),
    ),
    currency: Type.String(),
  },
  { ...closed, title: 'UsageStatistics' },
);

// ---- Payment data

const PaymentMethodKind = Type.Enum(PAYMENT_METHOD_KINDS);

export const PaymentMethodViewSchema = Type.Object(
  {
    current: Nullable(
      Type.Object(
        {
          id: Type.String(),
          kind: PaymentMethodKind,
          masked: Type.String({ examples: ['DE•• •••• •••• •••• 3000'] }),
          holder: Nullable(Type.String()),
          bic: Nullable(Type.String()),
          mandateReference: Nullable(Type.String()),
          brand: Nullable(Type.String()),
          last4: Nullable(Type.String()),
          expMonth: Nullable(Type.Integer()),
          expYear: Nullable(Type.Integer()),
          createdAt: DateTimeString,
        },
        { ...closed, title: 'PaymentMethodSummary' },
      ),
    ),
    enabledKinds: Type.Array(PaymentMethodKind),
    sepa: Type.Object({ creditorName: Type.String(), creditorId: Type.String(), mandateText: Type.String() }, closed),
  },
  { ...closed, title: 'PaymentMethodView' },
);

// ---- Refusals

/**
 * A route's own answer to a request its schema refuses: 400 with the route's `code` and `message` (e.g.
 * `invalid_filter`), the field messages the shared error handler would give (`validationFields`), a list item's
 * problem on the list itself (`permissions.1` → `permissions`, the field a form shows), and under `prefix` when the
 * body is one part of a larger form (`iban` → `payment.iban`).
 */
export function refuseAs(
  code: string,
  message: string,
  { prefix }: { prefix?: string } = {},
): NonNullable<FastifyServerOptions['schemaErrorFormatter']> {
  return (issues, context) => {
    const fields: Record<string, string> = {};
    for (const [key, text] of Object.entries(validationFields(issues, context))) {
      const field = key
        .split('.')
        .filter((segment) => !/^\d+$/.test(segment))
        .join('.');
      fields[prefix && context === 'body' && field !== 'body' ? `${prefix}.${field}` : field] ??= text;
    }
    return new HttpError(400, code, message, fields);
  };
}

// The contract checks: `Same` where schema and type describe the same values; `Sends` where the server always sends
// what the contract types as optional (the session's `customerLanguage` and `stringOverrides`) and `Takes` for
// bodies, which accept every value of the contract type.
type Assignable<A, B> = [A] extends [B] ? true : false;
type Same<A, B> = Assignable<A, B> extends true ? Assignable<B, A> : false;
type Sends<S, T> = Assignable<S, T> extends true ? Assignable<keyof T, keyof S> : false;
const proves = <_ extends true>(): void => undefined;
proves<Same<Static<typeof PortalPersonSchema>, PortalPerson>>();
proves<Same<Static<typeof ContractLabelSchema>, PortalContractLabel>>();
proves<Sends<PortalSessionAnswer, PortalSession>>();
proves<Same<Static<typeof ContractSummarySchema>, ContractSummary>>();
proves<Same<Static<typeof InvoiceSummarySchema>, InvoiceSummary>>();
proves<Same<Static<typeof DashboardSchema>, Dashboard>>();
proves<Same<Static<typeof ContractDetailsSchema>, ContractDetails>>();
proves<Same<Static<typeof InvoicePageSchema>, InvoicePage>>();
proves<Assignable<PersonInvite, Static<typeof PersonInviteBody>>>();
proves<Assignable<CancellationRequest, NonNullable<Static<typeof CancellationBody>>>>();
proves<Same<Static<typeof CancellationInfoSchema>, CancellationInfo>>();
proves<Same<Static<typeof UsageStatisticsSchema>, UsageStatistics>>();
proves<Same<Static<typeof PaymentMethodViewSchema>, PaymentMethodView>>();
