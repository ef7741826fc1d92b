import type { Kysely } from 'kysely';
import type { PlanVariantSummary, SignupComponent, StringOverrides } from '@portico/core';
import { isUuid } from '../access/tokens.ts';
import type { Component, DB, TenantSettings } from '../db/schema.ts';
import { getTenantSettings } from '../db/tenant.ts';
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
  const tenant = await db
    .selectFrom('tenants')
    .where('id', '=', tenantId)
    .select(['id', 'name', 'currency', 'country', 'default_language'])
    .executeTakeFirst();
  const settings = tenant && (await getTenantSettings(db, tenant.id));
  if (!tenant || !settings) throw notFound('This merchant');
  if (!isUuid(variantId)) throw notFound('This plan variant');
  const lang = language && settings.languages.available.includes(language) ? language : tenant.default_language;
  const selected = await db
    .selectFrom('plan_variants as v')
    .innerJoin('plans as p', (join) => join.onRef('p.id', '=', 'v.plan_id').onRef('p.tenant_id', '=', 'v.tenant_id'))
    .where('v.tenant_id', '=', tenant.id)
    .where('v.id', '=', variantId)
    .where('v.allow_signup', '=', true)
    .select(['v.plan_id', 'p.family_id'])
    .executeTakeFirst();
  if (!selected) throw notFound('This plan variant');
  const rows = await db
    .selectFrom('plan_variants as v')
    .innerJoin('plans as p', (join) => join.onRef('p.id', '=', 'v.plan_id').onRef('p.tenant_id', '=', 'v.tenant_id'))
    .where('v.tenant_id', '=', tenant.id)
    .where('v.plan_id', '=', selected.plan_id)
    .where('v.allow_signup', '=', true)
    .orderBy('v.position')
    .select([
      'v.id',
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
    ])
    .execute();
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
  const index = rows.findIndex((row) => row.id === variantId);
  const components = await db
    .selectFrom('components')
    .where('tenant_id', '=', tenant.id)
    .where('family_id', '=', selected.family_id)
    .orderBy('position')
    .selectAll()
    .execute();
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
      country: tenant.country.trim(),
      defaultLanguage: tenant.default_language,
      stringOverrides: publicStringOverrides(settings.stringOverrides),
    },
    settings,
    variant: {
      ...siblings[index]!,
      planId: selected.plan_id,
      minimumTermMonths: rows[index]!.minimum_term_months,
      noticePeriodDays: rows[index]!.notice_period_days,
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
