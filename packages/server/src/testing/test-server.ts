import { testApp } from './app.ts';
import type { openDatabase } from '../db/database.ts';
import { demoDatabase } from '../demo/testing.ts';
import { createSelfServiceLink } from '../access/links.ts';
import { nextNumber } from '../db/tenant.ts';
import { loadHtmlSanitizer } from '../html/sanitize.ts';

/** Ids from the demo seed that browser tests need (the seed makes random uuids). */
export interface TestFixtures {
  tenant: string;
  signupVariantId: string;
  closedVariantId: string | null;
  /** The demo contract 20001 (customer 10001, which has an owner, an admin and a member). */
  portalContractId: string;
  portalContractNumber: string;
  /** The e-mail of that contract's owner (for the request-a-link form). */
  portalOwnerEmail: string;
  /** A self-service token of the contract's owner: every permission. */
  portalToken: string;
  /** Another owner token, for tests that log out (a logout revokes its token). */
  revocableToken: string;
  /** A self-service token of the member of the same customer: only the `usage` permission. */
  memberToken: string;
  /** An owner token whose link opens the invoices (deep link, action `invoices`). */
  invoicesLinkToken: string;
  /** An owner token of customer 10003, which has two contracts here (20003, Business, and one on plan Storage): the contract picker's. */
  multiContractToken: string;
  /** Those two contracts' numbers, in the order of the session's `contractIds`. */
  multiContractNumbers: [string, string];
  /**
   * A token of an admin of customer 10002 (contract 20002) who holds only the personnel, invoices and usage
   * permissions: the customer's owner and its other admin (every permission) hold more, its member (usage) less.
   */
  limitedAdminToken: string;
  /** The second contract of customer 10003 (plan Storage), with the coupon WELCOME10 (10 % off for 3 months). */
  couponContractId: string;
  /**
   * A cancelled trial of customer 10002: in its trial, ending a month after the trial (so it is still billed once),
   * and an owner token of that customer.
   */
  endingTrial: { contractId: string; endDate: string; nextBillingDate: string; token: string };
  /** A member of customer 10002 with the usage permission only, for a test that grants them more. */
  grantee: { personId: string; token: string };
  /** A demo contract still in its trial (the seed's newest signup), and an owner token of its customer. */
  trial: { contractId: string; token: string };
}

/**
 * A real Portico server on an in-memory PGlite with the demo seed, listening on a free localhost
 * port: for component tests, which reach it through the test runner's pass-through.
 */
export async function startTestServer() {
  // A copy of the demo seeded once per day and source version (the seed lives through a year of billing).
  const { database } = await demoDatabase.open('pglite');
  // As \`npm start\` does: jsdom (the sanitiser of the signup's terms) loads synchronously in this process, which is
  // also web-test-runner's, so the first test file's first signup would otherwise wait for it and time out.
  loadHtmlSanitizer();
  const app = await testApp(database);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const variants = await database.db
    .selectFrom('plan_variants')
    .where('tenant_id', '=', 'demo')
    .select(['id', 'allow_signup'])
    .orderBy('position')
    .execute();
  const open = variants.find((variant) => variant.allow_signup);
  if (!open) throw new Error('the demo seed has no plan variant open for signup');
  const fixtures: TestFixtures = {
    tenant: 'demo',
    signupVariantId: open.id,
    closedVariantId: variants.find((variant) => !variant.allow_signup)?.id ?? null,
    ...(await portalFixtures(database.db)),
    ...(await multiContractFixtures(database.db)),
    ...(await customer10002Fixtures(database.db)),
    trial: await trialFixture(database.db),
  };
  return {
    url: `http://127.0.0.1:${port}`,
    fixtures,
    async stop() {
      await app.close();
      await database.close();
    },
  };
}

/** Portal tokens for the demo contract 20001: its owner's (twice) and its member's. */
async function portalFixtures(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const contract = await db
    .selectFrom('contracts')
    .innerJoin('customers', (join) =>
      join.onRef('customers.tenant_id', '=', 'contracts.tenant_id').onRef('customers.id', '=', 'contracts.customer_id'),
    )
    .where('contracts.tenant_id', '=', 'demo')
    .where('contracts.contract_number', '=', '20001')
    .select(['contracts.id', 'contracts.customer_id', 'customers.email'])
    .executeTakeFirstOrThrow();
  const member = await db
    .selectFrom('persons')
    .where('tenant_id', '=', 'demo')
    .where('customer_id', '=', contract.customer_id)
    .where('role', '=', 'member')
    .select('id')
    .executeTakeFirstOrThrow();
  const link = (personId?: string, action?: string) =>
    createSelfServiceLink(db, { tenantId: 'demo', contractId: contract.id, personId, language: 'en', action });
  return {
    portalContractId: contract.id,
    portalContractNumber: '20001',
    portalOwnerEmail: contract.email,
    portalToken: (await link()).token,
    revocableToken: (await link()).token,
    memberToken: (await link(member.id)).token,
    invoicesLinkToken: (await link(undefined, 'invoices')).token,
  };
}

/** The demo contract that is still in its trial. */
async function trialFixture(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const contract = await db
    .selectFrom('contracts')
    .where('tenant_id', '=', 'demo')
    .where('status', '=', 'trial')
    .orderBy('contract_number')
    .select('id')
    .executeTakeFirstOrThrow();
  const { token } = await createSelfServiceLink(db, { tenantId: 'demo', contractId: contract.id, language: 'en' });
  return { contractId: contract.id, token };
}

/**
 * The demo seed gives every customer one contract; the portal's contract picker needs a customer with several.
 * Customer 10003 (contract 20003, Business yearly) gets a second, later contract on the Starter monthly plan.
 */
async function multiContractFixtures(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const first = await db
    .selectFrom('contracts')
    .where('tenant_id', '=', 'demo')
    .where('contract_number', '=', '20003')
    .selectAll()
    .executeTakeFirstOrThrow();
  // The second contract is on a plan of its own whose name is translated ("Storage", German "Speicher"), so a
  // test sees the picker follow a language switch; its variant is closed for signup, so signups never show it.
  const { family_id } = await db
    .selectFrom('plans')
    .where('tenant_id', '=', 'demo')
    .where('name', '=', 'Starter')
    .select('family_id')
    .executeTakeFirstOrThrow();
  const storage = await db
    .insertInto('plans')
    .values({ tenant_id: 'demo', family_id, name: 'Storage', position: 9, i18n: { de: { name: 'Speicher' } } })
    .returning('id')
    .executeTakeFirstOrThrow();
  const variant = await db
    .insertInto('plan_variants')
    .values({
      tenant_id: 'demo',
      plan_id: storage.id,
      name: 'Monthly',
      billing_period_months: 1,
      price_cents: 900,
      currency: 'EUR',
      allow_signup: false,
      position: 9,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const today = new Date().toISOString().slice(0, 10);
  const contractNumber = String(await nextNumber(db, 'demo', 'contract'));
  const coupon = await db
    .selectFrom('coupons')
    .where('tenant_id', '=', 'demo')
    .where('code', '=', 'WELCOME10')
    .select('id')
    .executeTakeFirstOrThrow();
  const second = await db
    .insertInto('contracts')
    .values({
      tenant_id: 'demo',
      customer_id: first.customer_id,
      contract_number: contractNumber,
      plan_variant_id: variant.id,
      status: 'active',
      start_date: `${today.slice(0, 7)}-01`,
      current_period_start: `${today.slice(0, 7)}-01`,
      current_period_end: endOfMonth(today),
      notice_period_days: 14,
      payment_method_id: first.payment_method_id,
      coupon_id: coupon.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const link = await createSelfServiceLink(db, { tenantId: 'demo', contractId: first.id, language: 'en' });
  return {
    multiContractToken: link.token,
    multiContractNumbers: ['20003', contractNumber] as [string, string],
    couponContractId: second.id,
  };
}

/**
 * Customer 10002 gets an admin with fewer permissions than its owner and its other admin, and a second contract: a
 * trial that was cancelled to end a month after the trial.
 */
async function customer10002Fixtures(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const contract = await db
    .selectFrom('contracts')
    .where('tenant_id', '=', 'demo')
    .where('contract_number', '=', '20002')
    .selectAll()
    .executeTakeFirstOrThrow();
  const today = new Date().toISOString().slice(0, 10);
  const day = (offset: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const trialEnd = day(7);
  const endDate = day(37);
  const ending = await db
    .insertInto('contracts')
    .values({
      tenant_id: 'demo',
      customer_id: contract.customer_id,
      contract_number: String(await nextNumber(db, 'demo', 'contract')),
      plan_variant_id: contract.plan_variant_id,
      status: 'ending',
      start_date: day(-7),
      trial_end: trialEnd,
      current_period_start: day(-7),
      current_period_end: trialEnd,
      end_date: endDate,
      notice_period_days: 0,
      payment_method_id: contract.payment_method_id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const admin = await db
    .insertInto('persons')
    .values({
      tenant_id: 'demo',
      customer_id: contract.customer_id,
      email: 'office@blueharbor.example',
      first_name: 'Lena',
      last_name: 'Limited',
      role: 'admin',
      permissions: ['personnel', 'invoices', 'usage'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const grantee = await db
    .insertInto('persons')
    .values({
      tenant_id: 'demo',
      customer_id: contract.customer_id,
      email: 'intern@blueharbor.example',
      first_name: 'Gina',
      last_name: 'Grantee',
      role: 'member',
      permissions: ['usage'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const link = (personId?: string) =>
    createSelfServiceLink(db, { tenantId: 'demo', contractId: contract.id, personId, language: 'en' });
  return {
    limitedAdminToken: (await link(admin.id)).token,
    endingTrial: { contractId: ending.id, endDate, nextBillingDate: day(8), token: (await link()).token },
    grantee: { personId: grantee.id, token: (await link(grantee.id)).token },
  };
}

function endOfMonth(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
