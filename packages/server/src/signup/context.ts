import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { PlanVariantSummary, SignupComponent, StringOverrides } from '@portico/core';
import { isUuid } from '../access/tokens.ts';
import type { Component, DB, TenantSettings } from '../db/schema.ts';
import { cached } from '../db/read-cache.ts';
import { getTenant } from '../db/tenant.ts';
import { notFound } from '../http/errors.ts';
import { translated } from '../i18n-api/catalog-text.ts';
import { publicStringOverrides } from '../i18n-api/string-overrides.ts';

export interface SignupContext {
  /** The config sends `tenant` as is: `stringOverrides` reaches the element as `config.tenant.stringOverrides`. */
  tenant: {
    id: string;
    name: string;
    currency: string;
    country: string;
    defaultLanguage: string;
    stringOverrides: StringOverrides;
  };
  settings: TenantSettings;
  variant: PlanVariantSummary & { planId: string; minimumTermMonths: number; noticePeriodDays: number };
  siblings: PlanVariantSummary[];
  /** Quantity and on/off components flagged for signup, by id. */
  components: Map<string, Component>;
  /** Metered components shown as pricing information. */
  usageFees: Component[];
  language: string;
}

/**
 * Everything a signup needs about a tenant and a plan variant open for signup; 404 for an unknown tenant, an
 * unknown variant or one that is not open for signup. Catalog texts are translated into `language` where the
 * catalog has them.
 */
export async function loadSignupContext(
  db: Kysely<DB>,
  tenantId: string,
  variantId: string,
  language?: string,
): Promise<SignupContext> {
  const tenant = await getTenant(db, tenantId);
  if (!tenant) throw notFound('This merchant');
  const { settings } = tenant;
  if (!isUuid(variantId)) throw notFound('This plan variant');
  const lang = language && settings.languages.available.includes(language) ? language : tenant.defaultLanguage;
  const catalog = await signupCatalog(db, tenant.id);
  const selected = catalog.variants.find((variant) => variant.id === variantId);
  if (!selected) throw notFound('This plan variant');
  const rows = catalog.variants.filter((variant) => variant.plan_id === selected.plan_id);
  const siblings = rows.map((row) => ({
    id: row.id,
    planName: translated(row.plan_i18n, lang, 'name', row.plan_name),
    variantName: translated(row.i18n, lang, 'name', row.name),
    description: translated(row.plan_i18n, lang, 'description', row.description ?? ''),
    priceCents: row.price_cents,
    currency: row.currency,
    billingPeriodMonths: row.billing_period_months,
    trialDays: row.trial_days,
  }));
  const index = rows.indexOf(selected);
  const components = catalog.components.filter((c) => c.family_id === selected.family_id);
  const localize = (c: Component): Component => ({
    ...c,
    name: translated(c.i18n, lang, 'name', c.name),
    description: translated(c.i18n, lang, 'description', c.description ?? ''),
    unit: translated(c.i18n, lang, 'unit', c.unit ?? ''),
  });
  return {
    tenant: {
      id: tenant.id,
      name: tenant.name,
      currency: tenant.currency,
      country: tenant.country,
      defaultLanguage: tenant.defaultLanguage,
      stringOverrides: publicStringOverrides(settings.stringOverrides),
    },
    settings,
    variant: {
      ...siblings[index]!,
      planId: selected.plan_id,
      minimumTermMonths: selected.minimum_term_months,
      noticePeriodDays: selected.notice_period_days,
    },
    siblings,
    components: new Map(
      components.filter((c) => c.kind !== 'metered' && c.show_in_signup).map((c) => [c.id, localize(c)]),
    ),
    usageFees: components.filter((c) => c.kind === 'metered' && c.show_as_pricing_info).map(localize),
    language: lang,
  };
}

export function toSignupComponent(c: Component): SignupComponent {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    description: c.description ?? '',
    unit: c.unit ?? '',
    unitPriceCents: c.unit_price_cents,
    pricePerUnits: c.price_per_units,
    minQuantity: c.min_quantity,
    maxQuantity: c.kind === 'on_off' ? 1 : c.max_quantity,
    defaultQuantity: c.default_quantity,
  };
}

/**
 * What the tenant's signup pages show of its catalog: every variant open for signup (with its plan, by position) and
 * every component (by position), in one query for all plans, kept by the instance's read cache until a change of
 * the catalog is notified; each request picks its plan's share.
 */
function signupCatalog(db: Kysely<DB>, tenantId: string) {
  return cached(db, tenantId, 'signup-catalog', async () => {
    const row = await db
      .selectNoFrom((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('plan_variants as v')
            .innerJoin('plans as p', (join) =>
              join.onRef('p.id', '=', 'v.plan_id').onRef('p.tenant_id', '=', 'v.tenant_id'),
            )
            .where('v.tenant_id', '=', tenantId)
            .where('v.allow_signup', '=', true)
            .orderBy('v.position')
            .orderBy('v.id')
            .select([
              'v.id',
              'v.plan_id',
              'p.family_id',
              'v.name',
              'v.i18n',
              'p.name as plan_name',
              'p.description',
              'p.i18n as plan_i18n',
              'v.price_cents',
              'v.currency',
              'v.billing_period_months',
              'v.trial_days',
              'v.minimum_term_months',
              'v.notice_period_days',
            ]),
        ).as('variants'),
        jsonArrayFrom(
          eb.selectFrom('components').where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').selectAll(),
        ).as('components'),
      ])
      .executeTakeFirstOrThrow();
    return {
      variants: row.variants,
      // JSON carries the timestamp as text.
      components: row.components.map((c): Component => ({ ...c, created_at: new Date(c.created_at) })),
    };
  });
}
