import type { FastifyInstance } from 'fastify';
import type { OrderRequest } from '@portico/core';
import { testApp } from './app.ts';
import type { Database } from '../db/database.ts';
import { seedDemo } from '../demo/seed.ts';
import { createTenant, defaultTenantSettings } from '../db/tenant.ts';

export interface SignupFixture {
  app: FastifyInstance;
  /** Demo variants: starter monthly (14-day trial) and business monthly (no trial). */
  starter: string;
  business: string;
  closed: string;
  seats: string;
  support: string;
  api: string;
  /** A second tenant with hidden phone, no coupon field, only invoice payment, no terms. */
  strict: { tenant: string; variant: string };
}

/**
 * The app on a database with the demo (a copy from `describeEachDemoDatabase`, or seeded here), with extra coupons
 * and a tenant with strict settings for the signup tests.
 */
export async function signupFixture(database: Database): Promise<SignupFixture> {
  const db = database.db;
  await seedDemo(db);
  // The order tests send X-Forwarded-For as a reverse proxy would, to check the recorded client address.
  const app = await testApp(database, { trustProxy: true });
  const variants = await db
    .selectFrom('plan_variants as v')
    .innerJoin('plans as p', (j) => j.onRef('p.id', '=', 'v.plan_id').onRef('p.tenant_id', '=', 'v.tenant_id'))
    .where('v.tenant_id', '=', 'demo')
    .select(['v.id', 'v.name', 'p.name as plan', 'v.plan_id'])
    .execute();
  const find = (plan: string, name: string) => variants.find((v) => v.plan === plan && v.name === name)!;
  const closed = await db
    .insertInto('plan_variants')
    .values({
      tenant_id: 'demo',
      plan_id: find('Business', 'Monthly').plan_id,
      name: 'Legacy',
      billing_period_months: 1,
      price_cents: 5000,
      currency: 'EUR',
      allow_signup: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const components = await db.selectFrom('components').where('tenant_id', '=', 'demo').select(['id', 'name']).execute();
  const component = (name: string) => components.find((c) => c.name === name)!.id;
  const day = 86_400_000;
  await db
    .insertInto('coupons')
    .values([
      {
        tenant_id: 'demo',
        code: 'EXPIRED',
        kind: 'percent',
        percent: 20,
        valid_until: new Date(Date.now() - day),
        plan_ids: null,
        duration_months: null,
      },
      {
        tenant_id: 'demo',
        code: 'LATER',
        kind: 'percent',
        percent: 20,
        valid_from: new Date(Date.now() + 30 * day),
        plan_ids: null,
        duration_months: null,
      },
      {
        tenant_id: 'demo',
        code: 'USEDUP',
        kind: 'amount',
        amount_cents: 1000,
        max_redemptions: 3,
        redemptions: 3,
        plan_ids: null,
        duration_months: null,
      },
      {
        tenant_id: 'demo',
        code: 'LASTONE',
        kind: 'amount',
        amount_cents: 1000,
        max_redemptions: 1,
        plan_ids: null,
        duration_months: null,
      },
    ])
    .execute();

  const base = defaultTenantSettings();
  await createTenant(db, {
    id: 'strict',
    name: 'Strict GmbH',
    settings: {
      signup: {
        ...base.signup,
        fields: { ...base.signup.fields, phone: 'hidden', company: 'mandatory' },
        couponField: false,
        paymentMethods: ['invoice'],
        terms: [],
      },
    },
  });
  const family = await db
    .insertInto('product_families')
    .values({ tenant_id: 'strict', name: 'Tools' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const plan = await db
    .insertInto('plans')
    .values({ tenant_id: 'strict', family_id: family.id, name: 'Pro' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const strictVariant = await db
    .insertInto('plan_variants')
    .values({
      tenant_id: 'strict',
      plan_id: plan.id,
      name: 'Yearly',
      billing_period_months: 12,
      price_cents: 12000,
      currency: 'EUR',
      minimum_term_months: 12,
      notice_period_days: 30,
      allow_signup: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    app,
    starter: find('Starter', 'Monthly').id,
    business: find('Business', 'Monthly').id,
    closed: closed.id,
    seats: component('Additional seats'),
    support: component('Priority support'),
    api: component('API calls'),
    strict: { tenant: 'strict', variant: strictVariant.id },
  };
}

let counter = 0;

/** A complete, valid order for the demo tenant (SEPA), with a unique e-mail address. */
export function validOrder(variantId: string, overrides: Partial<OrderRequest> = {}): OrderRequest {
  counter++;
  return {
    planVariantId: variantId,
    components: {},
    customer: {
      email: `buyer${counter}.${Date.now()}@example.com`,
      firstName: 'Mia',
      lastName: 'Keller',
      street: 'Hauptstraße',
      houseNumber: '5',
      postalCode: '10115',
      city: 'Berlin',
      country: 'DE',
    },
    acceptedTerms: ['terms', 'privacy'],
    payment: { kind: 'sepa', holder: 'Mia Keller', iban: 'DE89 3704 0044 0532 0130 00' },
    language: 'en',
    ...overrides,
  };
}
