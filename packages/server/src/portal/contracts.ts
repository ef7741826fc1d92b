import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { ContractPrice, ContractSummary } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { contractPrice } from '../billing/contract-price.ts';
import { componentAmount } from '../billing/preview.ts';
import { decideTax } from '../billing/tax.ts';
import { addDays, tenantToday } from '../contracts/dates.ts';
import { earliestEndDate } from '../contracts/earliest-end.ts';
import { nextBillingDate } from '../contracts/periods.ts';
import { contractTerms } from '../contracts/terms.ts';
import type { Component, DB } from '../db/schema.ts';
import { cachedOfCustomer } from '../db/read-cache.ts';
import { scoped } from '../db/tenant.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import { translated } from '../i18n-api/catalog-text.ts';
import { portalOf, portalLanguage, requires, type PortalContext } from './context.ts';
import { toInvoiceSummary, visibleInvoices } from './invoices.ts';
import {
  ContractDetailsSchema,
  DashboardSchema,
  Download,
  LanguageQuery,
  signedIn,
  tags,
  TenantAndId,
  TenantParams,
} from './schemas.ts';

/** Dashboard, contract details and the contract document. */
export const contractRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, clock } },
) => {
  const db = database.db;

  app.get(
    '/dashboard',
    {
      schema: {
        summary: "The customer's contracts and pending invoices",
        description:
          'Contracts only for a person with the `contract` permission, pending invoices only with `invoices`; ' +
          'otherwise the lists are empty.',
        tags,
        security: signedIn,
        params: TenantParams,
        querystring: LanguageQuery,
        response: { 200: DashboardSchema, ...errors(401) },
      },
    },
    async (request) => {
      const context = portalOf(request);
      const areas = context.settings.selfService.displayedAreas;
      const language = portalLanguage(request, context);
      // Status, dates and plan variant are contract details: only for persons who may see contracts (everyone
      // knows the contracts' numbers and plans from the session).
      const showContracts = areas.contracts && context.permissions.has('contract');
      const showInvoices = areas.invoices && context.permissions.has('invoices');
      if (!showContracts && !showInvoices) return { contracts: [], pendingInvoices: [] };
      // Both lists in one query (JSON arrays): with the token check, a dashboard costs two at most, none while the
      // instance's read cache holds the customer's rows (`db/read-cache.ts`).
      const key = `dashboard:${showContracts}:${showInvoices}:${context.contractIds.join(',')}`;
      const row = await cachedOfCustomer(db, context.tenantId, context.customerId, key, () =>
        db
          .selectNoFrom([
            jsonArrayFrom(
              contractRowsQuery(db, context)
                .where(sql<boolean>`${showContracts}`)
                .clearSelect()
                .select([
                  'contracts.id',
                  'contracts.contract_number',
                  'contracts.status',
                  'contracts.current_period_end',
                  'contracts.end_date',
                  'plans.name as plan_name',
                  'plans.i18n as plan_i18n',
                  'plan_variants.name as variant_name',
                  'plan_variants.i18n as variant_i18n',
                ]),
            ).as('contracts'),
            jsonArrayFrom(
              visibleInvoices(db, context)
                .where(sql<boolean>`${showInvoices}`)
                .where('invoices.status', 'in', ['open', 'overdue'])
                .orderBy('invoices.due_date')
                .orderBy('invoices.id')
                .limit(50)
                .select([
                  'invoices.id',
                  'invoices.number',
                  'invoices.kind',
                  'invoices.status',
                  'invoices.issue_date',
                  'invoices.due_date',
                  'invoices.gross_cents',
                  'invoices.currency',
                  'invoices.contract_id',
                ]),
            ).as('invoices'),
          ])
          .executeTakeFirstOrThrow(),
      );
      const contracts = row.contracts.map((contract) => toSummary(contract, language));
      const pendingInvoices = row.invoices.map(toInvoiceSummary);
      return { contracts, pendingInvoices };
    },
  );

  app.get(
    '/contracts/:id',
    {
      schema: {
        summary: 'A contract with its components, terms and earliest possible end date',
        tags,
        security: signedIn,
        params: TenantAndId,
        querystring: LanguageQuery,
        response: { 200: ContractDetailsSchema, ...errors(401, 403, 404) },
      },
      preValidation: requires('contractDetails', 'contract', 'see contract details'),
    },
    async (request) => {
      const context = portalOf(request);
      const row = await findContract(db, context, request.params.id);
      const language = portalLanguage(request, context);
      const components = await scoped(db, context.tenantId)
        .selectFrom('contract_components')
        .innerJoin('components', (join) =>
          join
            .onRef('components.tenant_id', '=', 'contract_components.tenant_id')
            .onRef('components.id', '=', 'contract_components.component_id'),
        )
        .where('contract_components.contract_id', '=', row.id)
        .where('contract_components.ended_at', 'is', null)
        .orderBy('components.position')
        .selectAll('components')
        .select('contract_components.quantity as subscribed_quantity')
        .execute();
      const subscribed = components.map(({ subscribed_quantity, ...component }) => ({
        component: { ...component, name: translated(component.i18n, language, 'name', component.name) },
        quantity: subscribed_quantity,
      }));
      const document = await contractDocument(db, context, row.id);
      // "If cancelled now": today in the tenant's calendar, as the cancellation counts it.
      const today = await tenantToday(db, context.tenantId, clock());
      return {
        ...toSummary(row, language),
        startDate: row.start_date,
        currentPeriodStart: row.current_period_start,
        currentPeriodEnd: row.current_period_end,
        minimumTermEnd: row.minimum_term_end,
        noticePeriodDays: row.notice_period_days,
        earliestEndDate: earliestEndDate({ ...contractTerms(row, row.billing_period_months), today }),
        priceCents: row.price_cents,
        currency: row.currency,
        billingPeriodMonths: row.billing_period_months,
        components: subscribed.map(({ component, quantity }) => ({
          id: component.id,
          name: component.name,
          kind: component.kind,
          quantity,
          unitPriceCents: component.unit_price_cents,
          pricePerUnits: component.price_per_units,
          unit: component.unit === null ? null : translated(component.i18n, language, 'unit', component.unit),
          amountCents: component.kind === 'metered' ? null : componentAmount(component, quantity),
        })),
        price: await priceOf(db, context, row, subscribed),
        hasDocument: Boolean(document) && documentAllowed(context, row.status),
      };
    },
  );

  app.get(
    '/contracts/:id/document',
    {
      schema: {
        summary: 'The contract document (PDF)',
        tags,
        security: signedIn,
        params: TenantAndId,
        produces: ['application/pdf'],
        response: { 200: Download, ...errors(401, 403, 404, 409) },
      },
      preValidation: requires('documents', 'contract', 'download contract documents'),
    },
    async (request, reply) => {
      const context = portalOf(request);
      const row = await findContract(db, context, request.params.id);
      if (!documentAllowed(context, row.status)) throw notFound('The document of this contract');
      const document = await contractDocument(db, context, row.id);
      if (!document) {
        // A new order's document is made by the background worker moments after the order answered.
        if (await documentBeingMade(db, context, row.id)) {
          reply.header('retry-after', '5');
          throw new HttpError(
            409,
            'document_pending',
            'The contract document is still being prepared. Please try again in a few seconds.',
          );
        }
        throw notFound('The document of this contract');
      }
      const filename = `contract-${row.contract_number}.pdf`.replace(/[^\w.-]/g, '_');
      return reply
        .header('content-type', document.content_type)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(document.content));
    },
  );
};

/** What a full period of the contract costs now, as the billing run prices it (`billing/contract-price.ts`). */
async function priceOf(
  db: Kysely<DB>,
  context: PortalContext,
  row: ContractRow,
  components: Array<{ component: Component; quantity: number }>,
): Promise<ContractPrice> {
  const scope = scoped(db, context.tenantId);
  const tenant = await db
    .selectFrom('tenants')
    .where('id', '=', context.tenantId)
    .select('country')
    .executeTakeFirstOrThrow();
  const customer = await scope
    .selectFrom('customers')
    .where('id', '=', context.customerId)
    .select(['country', 'vat_id'])
    .executeTakeFirstOrThrow();
  const coupon = row.coupon_id
    ? ((await scope.selectFrom('coupons').where('id', '=', row.coupon_id).selectAll().executeTakeFirst()) ?? null)
    : null;
  // Periods are counted from the first billed day, as the billing run counts them.
  const anchor = row.trial_end ? addDays(row.trial_end, 1) : row.start_date;
  return contractPrice({
    variant: {
      planName: row.plan_name,
      variantName: row.variant_name,
      priceCents: row.price_cents,
      currency: row.currency,
      billingPeriodMonths: row.billing_period_months,
      trialDays: 0,
    },
    components,
    coupon,
    tax: decideTax({ tenantCountry: tenant.country, customerCountry: customer.country, vatId: customer.vat_id }),
    anchor,
    periodStart: row.current_period_start > anchor ? row.current_period_start : anchor,
  });
}

/** The contract document is offered while the contract runs: in its trial, active and ending (not once ended). */
function documentAllowed(context: PortalContext, status: string): boolean {
  return (
    (status === 'trial' || status === 'active' || status === 'ending') &&
    context.settings.selfService.displayedAreas.documents &&
    context.permissions.has('contract')
  );
}

/** The customer's contracts among `contractIds` (a session's scope), with their plan and variant. */
export function contractQuery(db: Kysely<DB>, context: Pick<PortalContext, 'tenantId' | 'customerId' | 'contractIds'>) {
  return scoped(db, context.tenantId)
    .selectFrom('contracts')
    .innerJoin('plan_variants', (join) =>
      join
        .onRef('plan_variants.tenant_id', '=', 'contracts.tenant_id')
        .onRef('plan_variants.id', '=', 'contracts.plan_variant_id'),
    )
    .innerJoin('plans', (join) =>
      join.onRef('plans.tenant_id', '=', 'plan_variants.tenant_id').onRef('plans.id', '=', 'plan_variants.plan_id'),
    )
    .where('contracts.customer_id', '=', context.customerId)
    .where(
      'contracts.id',
      'in',
      context.contractIds.length ? context.contractIds : ['00000000-0000-0000-0000-000000000000'],
    )
    .selectAll('contracts')
    .select([
      'plans.name as plan_name',
      'plans.i18n as plan_i18n',
      'plan_variants.name as variant_name',
      'plan_variants.i18n as variant_i18n',
      'plan_variants.billing_period_months',
      'plan_variants.price_cents',
      'plan_variants.currency',
    ]);
}

type ContractRow = Awaited<ReturnType<ReturnType<typeof contractQuery>['executeTakeFirstOrThrow']>>;

function contractRowsQuery(db: Kysely<DB>, context: PortalContext) {
  return contractQuery(db, context).orderBy('contracts.start_date', 'desc').orderBy('contracts.id');
}

async function findContract(db: Kysely<DB>, context: PortalContext, id: string): Promise<ContractRow> {
  if (!isUuid(id) || !context.contractIds.includes(id)) throw notFound('This contract');
  const row = await contractQuery(db, context).where('contracts.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('This contract');
  return row;
}

async function contractDocument(db: Kysely<DB>, context: PortalContext, contractId: string) {
  return scoped(db, context.tenantId)
    .selectFrom('documents')
    .where('customer_id', '=', context.customerId)
    .where('contract_id', '=', contractId)
    .where('kind', '=', 'contract')
    .orderBy('created_at', 'desc')
    .select(['content', 'content_type'])
    .executeTakeFirst();
}

/** Whether the contract's order is still `documenting`: its document is on its way (`signup/create-order.ts`). */
async function documentBeingMade(db: Kysely<DB>, context: PortalContext, contractId: string): Promise<boolean> {
  const order = await scoped(db, context.tenantId)
    .selectFrom('orders')
    .where('contract_id', '=', contractId)
    .where('customer_id', '=', context.customerId)
    .where('status', '=', 'documenting')
    .select('id')
    .executeTakeFirst();
  return order !== undefined;
}

type SummaryRow = Pick<
  ContractRow,
  | 'id'
  | 'contract_number'
  | 'status'
  | 'current_period_end'
  | 'end_date'
  | 'plan_name'
  | 'plan_i18n'
  | 'variant_name'
  | 'variant_i18n'
>;

function toSummary(row: SummaryRow, language: string): ContractSummary {
  return {
    id: row.id,
    contractNumber: row.contract_number,
    status: row.status,
    planName: translated(row.plan_i18n, language, 'name', row.plan_name),
    variantName: translated(row.variant_i18n, language, 'name', row.variant_name),
    nextBillingDate: nextBillingDate({
      status: row.status,
      currentPeriodEnd: row.current_period_end,
      endDate: row.end_date,
    }),
    endDate: row.end_date,
  };
}
