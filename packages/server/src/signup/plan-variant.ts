import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PlanVariantSummary } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { notFound } from '../http/errors.ts';
import { errors, IdParam, TenantId } from '../http/schemas.ts';
import { PlanVariantSummarySchema } from './schemas.ts';

/** Public, tenant-scoped: the plan variant a signup page offers. */
export const planVariantRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  app.get(
    '/plan-variants/:variantId',
    {
      schema: {
        summary: 'A plan variant open for signup',
        tags: ['signup'],
        params: Type.Object({ tenant: TenantId, variantId: IdParam }),
        response: { 200: PlanVariantSummarySchema, ...errors(404) },
      },
    },
    async (request): Promise<PlanVariantSummary> => {
      const { tenant, variantId } = request.params;
      if (!isUuid(variantId)) throw notFound('This plan variant');
      const row = await database.db
        .selectFrom('plan_variants as v')
        .innerJoin('plans as p', (join) =>
          join.onRef('p.id', '=', 'v.plan_id').onRef('p.tenant_id', '=', 'v.tenant_id'),
        )
        .where('v.tenant_id', '=', tenant)
        .where('v.id', '=', variantId)
        .where('v.allow_signup', '=', true)
        .select([
          'v.id',
          'v.name as variant_name',
          'p.name as plan_name',
          'p.description',
          'v.price_cents',
          'v.currency',
          'v.billing_period_months',
          'v.trial_days',
        ])
        .executeTakeFirst();
      if (!row) throw notFound('This plan variant');
      return {
        id: row.id,
        planName: row.plan_name,
        variantName: row.variant_name,
        description: row.description ?? '',
        priceCents: row.price_cents,
        currency: row.currency,
        billingPeriodMonths: row.billing_period_months,
        trialDays: row.trial_days,
      };
    },
  );
};
