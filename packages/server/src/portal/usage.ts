import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import type { UsageDay, UsageDimension, UsageStatistics, UsageTotal } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { componentAmount } from '../billing/preview.ts';
import { addDays, addMonths, todayIn } from '../contracts/dates.ts';
import type { DB } from '../db/schema.ts';
import { scoped } from '../db/tenant.ts';
import { invalid, notFound } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import { translated, unitForms } from '../i18n-api/catalog-text.ts';
import { portalOf, portalLanguage, requires, type PortalContext } from './context.ts';
import { signedIn, tags, TenantAndId, UsageQuery as UsageQuerySchema, UsageStatisticsSchema } from './schemas.ts';

/** The month (`YYYY-MM`, empty for the current one) and the dimension (`kind:value`, empty for all) of `UsageQuery`. */
export type UsageQuery = { month?: string; dimension?: string };
const MAX_DIMENSIONS = 500;
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** `GET /api/portal/{tenant}/contracts/{id}/usage` (packages/core/src/portal-write-api.ts). */
export const usageRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const db = database.db;
  app.get(
    '/contracts/:id/usage',
    {
      schema: {
        summary: 'Usage of a contract in a month, by day and metered component, with prices',
        tags,
        security: signedIn,
        params: TenantAndId,
        querystring: UsageQuerySchema,
        response: { 200: UsageStatisticsSchema, ...errors(400, 401, 403, 404) },
      },
      preValidation: requires('usage', 'usage', 'see usage statistics'),
    },
    async (request) => {
      const context = portalOf(request);
      return usageStatistics(db, context, request.params.id, request.query, portalLanguage(request, context));
    },
  );
};

/**
 * Usage of one contract in one month of the tenant's calendar, by day and metered component, optionally for one
 * dimension. The database aggregates: triggers keep the daily rollup `usage_daily` exact on every write to
 * `usage_records`, and one grouping-sets query sums at most a month of its days (a range of its bucket index), so
 * the answer takes as long for a million records as for a thousand; JavaScript only shapes the few resulting rows.
 * Component names and units are in `language` (the catalog's translations, else the base texts), as on the
 * contract pages, so the screen and every export name them alike. The caller has checked the person's access to
 * usage (`requires('usage', 'usage', …)`) and the query's form (`UsageQuery` of schemas.ts).
 */
export async function usageStatistics(
  db: Kysely<DB>,
  context: PortalContext,
  contractId: string,
  query: UsageQuery,
  language: string,
): Promise<UsageStatistics> {
  if (!isUuid(contractId) || !context.contractIds.includes(contractId)) throw notFound('This contract');
  const scope = scoped(db, context.tenantId);
  const contract = await scope
    .selectFrom('contracts')
    .innerJoin('plan_variants', (join) =>
      join
        .onRef('plan_variants.tenant_id', '=', 'contracts.tenant_id')
        .onRef('plan_variants.id', '=', 'contracts.plan_variant_id'),
    )
    .innerJoin('tenants', 'tenants.id', 'contracts.tenant_id')
    .where('contracts.customer_id', '=', context.customerId)
    .where('contracts.id', '=', contractId)
    .select([
      'contracts.id',
      'plan_variants.currency',
      'tenants.time_zone',
      sql<string>`to_char(contracts.start_date, 'YYYY-MM-DD')`.as('start_date'),
      sql<string | null>`to_char(contracts.end_date, 'YYYY-MM-DD')`.as('end_date'),
    ])
    .executeTakeFirst();
  if (!contract) throw notFound('This contract');
  const timeZone = contract.time_zone;
  const today = todayIn(timeZone);
  const month = query.month || today.slice(0, 7);
  if (month > today.slice(0, 7)) throw invalid({ month: 'This month has not begun yet.' });
  const next = addMonths(`${month}-01`, 1);
  // Only the contract's days: none before it started, none after it ended (its end date is its last day), none
  // after today. A month outside the contract has no days at all.
  const first = max(`${month}-01`, contract.start_date);
  const lastDay = min(month === today.slice(0, 7) ? today : addDays(next, -1), contract.end_date ?? today);
  // The daily rollup (migration 002) already holds tenant-local days: a month is a range of its index.
  const inMonth = () =>
    scope
      .selectFrom('usage_daily')
      .where('contract_id', '=', contractId)
      .where(sql<boolean>`day >= ${first}::date`)
      .where(sql<boolean>`day <= ${lastDay}::date`);

  const dimensionRows = await inMonth()
    .where('dimension_kind', 'is not', null)
    .select(['dimension_kind', 'dimension_value'])
    .distinct()
    .orderBy('dimension_kind')
    .orderBy('dimension_value')
    .limit(MAX_DIMENSIONS)
    .execute();
  const dimensions: UsageDimension[] = dimensionRows.map((row) => ({
    kind: row.dimension_kind!,
    value: row.dimension_value!,
    key: `${row.dimension_kind}:${row.dimension_value}`,
  }));

  let filter: { kind: string; value: string } | null = null;
  if (query.dimension) {
    const raw = query.dimension;
    const colon = raw.indexOf(':');
    filter = { kind: raw.slice(0, colon), value: raw.slice(colon + 1) };
    if (!dimensions.some((d) => d.key === raw)) {
      const known = await scope
        .selectFrom('usage_daily')
        .where('contract_id', '=', contractId)
        .where('dimension_kind', '=', filter.kind)
        .where('dimension_value', '=', filter.value)
        .select(sql<number>`1`.as('one'))
        .limit(1)
        .executeTakeFirst();
      if (!known) throw invalid({ dimension: `This contract has no usage for "${raw}".` });
    }
  }

  let aggregate = inMonth();
  if (filter) {
    aggregate = aggregate.where('dimension_kind', '=', filter.kind).where('dimension_value', '=', filter.value);
  }
  const rows = await aggregate
    .select([
      sql<string | null>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      'component_id',
      sql<number>`sum(quantity)::float8`.as('quantity'),
      sql<number>`grouping(day)`.as('is_total'),
    ])
    .groupBy(sql`grouping sets ((day, component_id), (component_id))`)
    .execute();

  const metered = await scope
    .selectFrom('components')
    .where('components.kind', '=', 'metered')
    .where((eb) =>
      eb.or([
        eb(
          'components.id',
          'in',
          eb
            .selectFrom('contract_components')
            .where('contract_components.tenant_id', '=', context.tenantId)
            .where('contract_components.contract_id', '=', contractId)
            .select('contract_components.component_id'),
        ),
        eb('components.id', 'in', [...new Set(rows.map((row) => row.component_id)), NO_ID]),
      ]),
    )
    .orderBy('components.position')
    .orderBy('components.id')
    .selectAll()
    .execute();

  const byDay = new Map<string, Record<string, number>>();
  for (let day = first; day <= lastDay; day = addDays(day, 1)) {
    byDay.set(day, Object.fromEntries(metered.map((component) => [component.id, 0])));
  }
  const totalBy = new Map<string, number>();
  for (const row of rows) {
    if (Number(row.is_total) === 1) totalBy.set(row.component_id, Number(row.quantity));
    else if (row.day) {
      const day = byDay.get(row.day) ?? {};
      day[row.component_id] = Number(row.quantity);
      byDay.set(row.day, day);
    }
  }
  const days: UsageDay[] = [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, quantities]) => ({ date, quantities }));
  const totals: UsageTotal[] = metered.map((component) => {
    const quantity = totalBy.get(component.id) ?? 0;
    return {
      componentId: component.id,
      name: translated(component.i18n, language, 'name', component.name),
      unit: translated(component.i18n, language, 'unit', component.unit ?? ''),
      units: unitForms(component.i18n, language),
      quantity,
      priceCents: componentAmount(component, quantity),
    };
  });
  return {
    month,
    dimension: filter ? `${filter.kind}:${filter.value}` : null,
    dimensions,
    firstMonth: contract.start_date.slice(0, 7),
    days,
    totals,
    currency: contract.currency,
  };
}

const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);
