import { Type, type Static } from 'typebox';
import type {
  OrderDraft,
  OrderPreview,
  OrderRequest,
  OrderResult,
  PlanVariantSummary,
  SignupConfig,
} from '@portico/core';
import { ALL_CUSTOMER_FIELDS, CustomerFieldsInput } from '../customers/fields.ts';
import { DateString, Nullable } from '../http/schemas.ts';
import { LanguageTag } from '../i18n/language-tag.ts';
import { PAYMENT_METHOD_KINDS, PaymentInputBody } from '../payments/payment-input.ts';

/**
 * The signup API's requests and answers as TypeBox schemas: the route schemas of `routes.ts`, `plan-variant.ts`
 * and `orders.ts`. `@portico/core`'s `signup-api.ts` is the contract; the checks at the end of this file fail to
 * compile when a schema and its contract type drift apart. Answers are closed objects, so the tests' strict
 * response check also catches a property that is sent but not described.
 */

const closed = { additionalProperties: false } as const;

export const PlanVariantSummarySchema = Type.Object(
  {
    id: Type.String(),
    planName: Type.String(),
    variantName: Type.String(),
    description: Type.String(),
    priceCents: Type.Integer(),
    currency: Type.String({ examples: ['EUR'] }),
    billingPeriodMonths: Type.Integer(),
    trialDays: Type.Integer(),
  },
  { ...closed, title: 'PlanVariantSummary' },
);

const SignupComponentSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.Enum(['quantity', 'on_off', 'metered']),
    name: Type.String(),
    description: Type.String(),
    unit: Type.String(),
    unitPriceCents: Type.Integer({ description: 'Price in cents for `pricePerUnits` units per billing period.' }),
    pricePerUnits: Type.Integer(),
    minQuantity: Type.Integer(),
    maxQuantity: Nullable(Type.Integer()),
    defaultQuantity: Type.Integer(),
  },
  { ...closed, title: 'SignupComponent' },
);

const FieldRequirement = Type.Enum(['mandatory', 'optional', 'hidden']);

export const SignupConfigSchema = Type.Object(
  {
    tenant: Type.Object(
      {
        id: Type.String(),
        name: Type.String(),
        currency: Type.String(),
        country: Type.String(),
        defaultLanguage: Type.String(),
        stringOverrides: Type.Record(Type.String(), Type.Record(Type.String(), Type.String()), {
          description: "The merchant's replacement texts for the elements: language → message id or text → text.",
        }),
      },
      closed,
    ),
    variant: PlanVariantSummarySchema,
    siblings: Type.Array(PlanVariantSummarySchema, {
      description: 'The variants of the same plan open for signup, the current one included.',
    }),
    components: Type.Array(SignupComponentSchema, { description: 'Quantity and on/off components to choose.' }),
    usageFees: Type.Array(SignupComponentSchema, { description: 'Metered components, shown as pricing information.' }),
    couponField: Type.Boolean(),
    fields: Type.Record(Type.Enum(ALL_CUSTOMER_FIELDS), FieldRequirement),
    terms: Type.Array(
      Type.Object(
        {
          key: Type.String(),
          kind: Type.Enum(['required', 'informational']),
          textVersion: Type.String(),
          labelHtml: Type.String({ description: 'Merchant HTML (links), sanitised.' }),
        },
        closed,
      ),
    ),
    paymentMethods: Type.Array(Type.Enum(PAYMENT_METHOD_KINDS)),
    sepa: Type.Object({ creditorName: Type.String(), creditorId: Type.String(), mandateText: Type.String() }, closed),
    successUrl: Nullable(Type.String()),
  },
  { ...closed, title: 'SignupConfig' },
);

const draftProperties = {
  planVariantId: Type.String({ description: 'The plan variant ordered.' }),
  // Numbers, not integers: whole numbers within each component's limits are checked with the component's rules
  // (`checkComponents`), so that one answer names every component that is wrong.
  components: Type.Record(Type.String(), Type.Number(), {
    description: 'Chosen quantity (a whole number) per component id; on/off components use 0 or 1.',
  }),
  couponCode: Type.Optional(Type.String()),
  customer: CustomerFieldsInput,
  language: Type.Optional(LanguageTag),
};

export const OrderDraftBody = Type.Object(draftProperties, { ...closed, title: 'OrderDraft' });

export const OrderRequestBody = Type.Object(
  {
    ...draftProperties,
    acceptedTerms: Type.Array(Type.String(), { description: 'Keys of the terms the customer ticked.' }),
    payment: PaymentInputBody,
  },
  { ...closed, title: 'OrderRequest' },
);
export type OrderRequestBody = Static<typeof OrderRequestBody>;

export const OrderPreviewSchema = Type.Object(
  {
    currency: Type.String(),
    billingPeriodMonths: Type.Integer(),
    lines: Type.Array(
      Type.Object(
        {
          kind: Type.Enum(['plan', 'component']),
          description: Type.String(),
          quantity: Type.Integer(),
          unitPriceCents: Type.Integer(),
          amountCents: Type.Integer(),
        },
        closed,
      ),
    ),
    discount: Nullable(
      Type.Object(
        {
          code: Type.String(),
          description: Type.String(),
          amountCents: Type.Integer(),
          endsOn: Nullable(DateString),
        },
        closed,
      ),
    ),
    couponError: Nullable(Type.String({ description: 'Why a typed coupon does not apply.' })),
    netCents: Type.Integer(),
    taxRateBasisPoints: Type.Integer(),
    taxCents: Type.Integer(),
    grossCents: Type.Integer(),
    reverseCharge: Type.Boolean(),
    dueTodayCents: Type.Integer({ description: 'Gross charged with the order (0 during a trial).' }),
    recurringCents: Type.Integer({ description: 'Gross per billing period after the first.' }),
    afterDiscountCents: Nullable(
      Type.Integer({ description: 'Gross per billing period once the coupon has run out; null without one.' }),
    ),
    trialEnd: Nullable(DateString),
  },
  { ...closed, title: 'OrderPreview' },
);

export const OrderResultSchema = Type.Object(
  {
    orderId: Type.String(),
    customerId: Type.String(),
    contractId: Type.String(),
    contractNumber: Type.String(),
    invoiceId: Nullable(Type.String()),
  },
  { ...closed, title: 'OrderResult' },
);

// The contract checks: `same` where schema and type must describe the same values; the config's tenant carries
// `stringOverrides`, which the contract types as optional; an order's payment is one object (see PaymentInputBody).
type Assignable<A, B> = [A] extends [B] ? true : false;
type Same<A, B> = Assignable<A, B> extends true ? Assignable<B, A> : false;
const proves = <_ extends true>(): void => undefined;
proves<Same<Static<typeof PlanVariantSummarySchema>, PlanVariantSummary>>();
proves<Assignable<Static<typeof SignupConfigSchema>, SignupConfig>>();
proves<Same<Static<typeof OrderDraftBody>, OrderDraft>>();
proves<Assignable<OrderRequest, OrderRequestBody>>();
proves<Same<Static<typeof OrderPreviewSchema>, OrderPreview>>();
proves<Same<Static<typeof OrderResultSchema>, OrderResult>>();
