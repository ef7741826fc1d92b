import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { describeEachDatabase } from '../testing/databases.ts';
import type { DB } from '../db/schema.ts';
import { createApiKey } from '../merchant-api/api-keys.ts';
import { todayIn } from '../contracts/dates.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, type TenantWithCustomer } from '../testing/portal.ts';
import { addDays } from '../contracts/dates.ts';
import { nextBoundary, runBilling } from './recurring.ts';

interface BillingTenant extends TenantWithCustomer {
  seatsId: string;
  callsId: string;
}

/**
 * A tenant (Germany, Europe/Berlin) whose customer has one monthly contract (10.00 EUR, period 2026-11-01 –
 * 2026-11-30, started 2024-01-01) with 3 seats at 2.00 EUR and metered API calls at 1.50 EUR per 1,000.
 * November's usage is 2,500 calls; one record at 1 Dec 00:30 Berlin time belongs to December.
 */
async function billingTenant(db: Kysely<DB>, tenantId: string): Promise<BillingTenant> {
  const tenant = await createTenantWithCustomer(db, tenantId);
  await db
    .updateTable('customers')
    .set({ street: 'Alte Straße', house_number: '1', postal_code: '10115', city: 'Berlin', country: 'DE' })
    .where('tenant_id', '=', tenantId)
    .execute();
  const family = await db
    .selectFrom('product_families')
    .where('tenant_id', '=', tenantId)
    .select('id')
    .executeTakeFirstOrThrow();
  const component = (name: string, kind: 'quantity' | 'metered', price: number, per: number, position: number) =>
    db
      .insertInto('components')
      .values({
        tenant_id: tenantId,
        family_id: family.id,
        kind,
        name,
        unit_price_cents: price,
        price_per_units: per,
        position,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const seats = await component('Seats', 'quantity', 200, 1, 1);
  const calls = await component('API calls', 'metered', 150, 1000, 2);
  await db
    .insertInto('contract_components')
    .values([
      { tenant_id: tenantId, contract_id: tenant.contractId, component_id: seats.id, quantity: 3 },
      { tenant_id: tenantId, contract_id: tenant.contractId, component_id: calls.id, quantity: 1 },
    ])
    .execute();
  const usage = (at: string, quantity: number) => ({
    tenant_id: tenantId,
    contract_id: tenant.contractId,
    component_id: calls.id,
    occurred_at: new Date(at),
    quantity,
  });
  await db
    .insertInto('usage_records')
    .values([
      // 31 Oct 23:30 UTC is 1 Nov 00:30 in Berlin: November.
      usage('2026-10-31T23:30:00Z', 500),
      usage('2026-11-15T12:00:00Z', 2000),
      // 30 Nov 23:30 UTC is 1 Dec 00:30 in Berlin: December, billed with the next period.
      usage('2026-11-30T23:30:00Z', 7000),
    ])
    .execute();
  return { ...tenant, seatsId: seats.id, callsId: calls.id };
}

const invoicesOf = (db: Kysely<DB>, tenantId: string) =>
  db.selectFrom('invoices').where('tenant_id', '=', tenantId).selectAll().orderBy('number').execute();

const linesOf = (db: Kysely<DB>, tenantId: string, invoiceId: string) =>
  db
    .selectFrom('invoice_lines')
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .selectAll()
    .orderBy('position')
    .execute();

const contractOf = (db: Kysely<DB>, t: TenantWithCustomer) =>
  db
    .selectFrom('contracts')
    .where('tenant_id', '=', t.tenantId)
    .where('id', '=', t.contractId)
    .selectAll()
    .executeTakeFirstOrThrow();

describeEachDatabase('recurring billing', (database) => {
  const db = () => database().db;
  let app: FastifyInstance;

  before(async () => {
    app = await testApp(database());
  });
  after(() => app.close());

  it('counts periods from the first billed day, so month ends do not drift', () => {
    assert.equal(nextBoundary('2024-01-31', 1, '2024-02-29'), '2024-03-30');
    assert.equal(nextBoundary('2024-01-31', 1, '2024-03-31'), '2024-04-29');
    assert.equal(nextBoundary('2024-01-01', 12, '2025-01-01'), '2025-12-31');
    assert.equal(nextBoundary('2024-02-29', 12, '2025-02-28'), '2026-02-27');
  });

  it('bills nothing before the period has ended, then the next period with plan, components and usage', async () => {
    const t = await billingTenant(db(), 'due');
    assert.deepEqual(await runBilling(db(), t.tenantId, '2026-11-30'), [], 'the period ends on 30 Nov: not due');
    assert.equal((await invoicesOf(db(), t.tenantId)).length, 0);

    const issued = await runBilling(db(), t.tenantId, '2026-12-01');
    assert.deepEqual(
      issued.map((i) => [i.number, i.periodStart, i.periodEnd]),
      [['INV-000001', '2026-12-01', '2026-12-31']],
    );
    const [invoice] = await invoicesOf(db(), t.tenantId);
    assert.equal(invoice!.contract_id, t.contractId);
    assert.equal(invoice!.issue_date, '2026-12-01');
    assert.equal(invoice!.due_date, '2026-12-15');
    assert.equal(invoice!.status, 'open');
    const lines = await db()
      .selectFrom('invoice_lines')
      .where('tenant_id', '=', t.tenantId)
      .where('invoice_id', '=', invoice!.id)
      .selectAll()
      .orderBy('position')
      .execute();
    assert.deepEqual(
      lines.map((l) => [l.description, Number(l.quantity), l.amount_cents]),
      [
        ['Pro – Monthly', 1, 1000],
        ['Seats', 3, 600],
        // 2,500 calls of November (Berlin days) at 1.50 per 1,000, in arrears.
        ['API calls (November 1\u2009–\u200930, 2026)', 2500, 375],
      ],
    );
    assert.equal(invoice!.net_cents, 1975);
    assert.equal(invoice!.tax_rate_basis_points, 1900);
    assert.equal(invoice!.tax_cents, 375);
    assert.equal(invoice!.gross_cents, 2350);

    const contract = await contractOf(db(), t);
    assert.equal(contract.current_period_start, '2026-12-01');
    assert.equal(contract.current_period_end, '2026-12-31');
  });

  it('is idempotent: a second run for the same date (or an earlier one) issues nothing new', async () => {
    const t = await billingTenant(db(), 'twice');
    assert.equal((await runBilling(db(), t.tenantId, '2026-12-05')).length, 1);
    assert.deepEqual(await runBilling(db(), t.tenantId, '2026-12-05'), []);
    assert.deepEqual(await runBilling(db(), t.tenantId, '2026-12-01'), []);
    const concurrent = await Promise.all([
      runBilling(db(), t.tenantId, '2027-01-01'),
      runBilling(db(), t.tenantId, '2027-01-01'),
    ]);
    assert.equal(concurrent.flat().length, 1, 'two concurrent runs issue one invoice');
    assert.deepEqual(
      (await invoicesOf(db(), t.tenantId)).map((i) => i.period_start),
      ['2026-12-01', '2027-01-01'],
    );
  });

  it('snapshots the customer’s current billing address and tax on the invoice', async () => {
    const t = await billingTenant(db(), 'address');
    await db()
      .updateTable('customers')
      .set({ company: 'Neu GmbH', street: 'Neue Straße', house_number: '9', postal_code: '1010', city: 'Wien' })
      .set({ country: 'AT', vat_id: 'ATU12345678' })
      .where('tenant_id', '=', t.tenantId)
      .execute();
    await runBilling(db(), t.tenantId, '2026-12-01');
    await db().updateTable('customers').set({ city: 'Graz' }).where('tenant_id', '=', t.tenantId).execute();
    const [invoice] = await invoicesOf(db(), t.tenantId);
    assert.equal(invoice!.billing_address.company, 'Neu GmbH');
    assert.equal(invoice!.billing_address.street, 'Neue Straße');
    assert.equal(invoice!.billing_address.city, 'Wien', 'a later change does not touch an issued invoice');
    assert.equal(invoice!.billing_address.country, 'AT');
    assert.equal(invoice!.billing_address.email, t.ownerEmail);
    // An Austrian business with a valid VAT ID: reverse charge, as on a first invoice.
    assert.equal(invoice!.reverse_charge, true);
    assert.equal(invoice!.tax_cents, 0);
  });

  it('catches up period by period with gapless numbers shared by all contracts of the tenant', async () => {
    const t = await billingTenant(db(), 'gapless');
    const second = await db()
      .insertInto('contracts')
      .values({
        tenant_id: t.tenantId,
        customer_id: t.customerId,
        contract_number: 'C-gapless-2',
        plan_variant_id: (await contractOf(db(), t)).plan_variant_id,
        status: 'active',
        start_date: '2026-01-15',
        current_period_start: '2026-12-15',
        current_period_end: '2027-01-14',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const issued = await runBilling(db(), t.tenantId, '2027-02-20');
    assert.deepEqual(
      issued.map((i) => [i.number, i.contractId === t.contractId ? 'first' : 'second', i.periodStart]),
      [
        ['INV-000001', 'first', '2026-12-01'],
        ['INV-000002', 'first', '2027-01-01'],
        ['INV-000003', 'first', '2027-02-01'],
        ['INV-000004', 'second', '2027-01-15'],
        ['INV-000005', 'second', '2027-02-15'],
      ],
    );
    const contract = await contractOf(db(), { ...t, contractId: second.id });
    assert.equal(contract.current_period_end, '2027-03-14');
    // Only the period right after November carries November's usage; later periods have none.
    const meteredLines = await db()
      .selectFrom('invoice_lines')
      .where('tenant_id', '=', t.tenantId)
      .where('component_id', '=', t.callsId)
      .select(['description', 'quantity'])
      .orderBy('quantity')
      .execute();
    assert.deepEqual(
      meteredLines.map((l) => [l.description, Number(l.quantity)]),
      [
        ['API calls (November 1\u2009–\u200930, 2026)', 2500],
        ['API calls (December 1\u2009–\u200931, 2026)', 7000],
      ],
    );
  });

  it('ends a contract cancelled to the end of its period: a closing invoice for its last usage, then nothing', async () => {
    const t = await billingTenant(db(), 'ending');
    await db()
      .updateTable('contracts')
      .set({ status: 'ending', end_date: '2026-11-30', cancelled_at: new Date() })
      .where('tenant_id', '=', t.tenantId)
      .execute();
    assert.deepEqual(await runBilling(db(), t.tenantId, '2026-11-30'), [], 'not before the end date has passed');
    assert.equal((await contractOf(db(), t)).status, 'ending');

    const [closing, ...more] = await runBilling(db(), t.tenantId, '2026-12-01');
    assert.equal(more.length, 0);
    assert.deepEqual([closing!.periodStart, closing!.periodEnd], ['2026-11-01', '2026-11-30']);
    assert.deepEqual(
      (await linesOf(db(), t.tenantId, closing!.id)).map((l) => [l.description, Number(l.quantity), l.amount_cents]),
      [['API calls (November 1\u2009–\u200930, 2026)', 2500, 375]],
      "November's metered usage only: the plan and seats were billed in advance",
    );
    const contract = await contractOf(db(), t);
    assert.equal(contract.status, 'ended');
    assert.equal(contract.current_period_end, '2026-11-30');
    assert.deepEqual(await runBilling(db(), t.tenantId, '2026-12-01'), [], 'a rerun issues nothing');
    assert.deepEqual(await runBilling(db(), t.tenantId, '2027-03-01'), [], 'nothing after the end');
    assert.equal((await invoicesOf(db(), t.tenantId)).length, 1);

    const ended = await billingTenant(db(), 'ended');
    await db()
      .updateTable('contracts')
      .set({ status: 'ended', end_date: '2026-11-30' })
      .where('tenant_id', '=', 'ended')
      .execute();
    assert.deepEqual(await runBilling(db(), ended.tenantId, '2026-12-01'), []);
  });

  it('bills the last period pro rata up to an end date within it, then ends the contract', async () => {
    const t = await billingTenant(db(), 'prorata');
    await db()
      .updateTable('contracts')
      .set({ status: 'ending', end_date: '2027-01-10', cancelled_at: new Date() })
      .where('tenant_id', '=', t.tenantId)
      .execute();
    const issued = await runBilling(db(), t.tenantId, '2027-01-05');
    assert.deepEqual(
      issued.map((i) => [i.periodStart, i.periodEnd]),
      [
        ['2026-12-01', '2026-12-31'],
        ['2027-01-01', '2027-01-10'],
      ],
    );
    const lines = await linesOf(db(), t.tenantId, issued[1]!.id);
    assert.deepEqual(
      lines.map((l) => [l.description, Number(l.quantity), l.amount_cents]),
      [
        // 10 of January's 31 days: 10.00 × 10 / 31 = 3.2258 → 3.23; 6.00 × 10 / 31 = 1.9355 → 1.94.
        ['Pro – Monthly (January 1, 2027 – January 10, 2027, 10 of 31 days)', 1, 323],
        ['Seats (January 1, 2027 – January 10, 2027, 10 of 31 days)', 3, 194],
        // December's usage in arrears, in full.
        ['API calls (December 1\u2009–\u200931, 2026)', 7000, 1050],
      ],
    );
    const [, last] = await invoicesOf(db(), t.tenantId);
    assert.equal(last!.net_cents, 1567);
    assert.equal(last!.period_end, '2027-01-10');
    assert.equal((await contractOf(db(), t)).status, 'ending', 'the end date has not passed yet');
    assert.deepEqual(await runBilling(db(), t.tenantId, '2027-01-10'), []);
    assert.equal((await contractOf(db(), t)).status, 'ending', 'the last day is still a contract day');

    await db()
      .insertInto('usage_records')
      .values({
        tenant_id: t.tenantId,
        contract_id: t.contractId,
        component_id: t.callsId,
        occurred_at: new Date('2027-01-05T12:00:00Z'),
        quantity: 1000,
      })
      .execute();
    const [closing, ...more] = await runBilling(db(), t.tenantId, '2027-01-11');
    assert.equal(more.length, 0);
    assert.deepEqual(
      (await linesOf(db(), t.tenantId, closing!.id)).map((l) => [l.description, l.amount_cents]),
      [['API calls (January 1\u2009–\u200910, 2027)', 150]],
    );
    const contract = await contractOf(db(), t);
    assert.equal(contract.status, 'ended');
    assert.equal(contract.current_period_end, '2027-01-10');
    assert.deepEqual(await runBilling(db(), t.tenantId, '2027-03-01'), []);
    assert.equal((await invoicesOf(db(), t.tenantId)).length, 3);
  });

  it("names plan, variant and components and the days a line covers in the invoice's language", async () => {
    const t = await billingTenant(db(), 'prorata-de');
    await db().updateTable('customers').set({ language: 'de' }).where('tenant_id', '=', t.tenantId).execute();
    // German catalog names for the variant and one component; the plan and the other keep their own name.
    await db()
      .updateTable('plan_variants')
      .set({ i18n: { de: { name: 'Monatlich' } } })
      .where('tenant_id', '=', t.tenantId)
      .execute();
    await db()
      .updateTable('components')
      .set({ i18n: { de: { name: 'Plätze' }, fr: { name: 'Places' } } })
      .where('tenant_id', '=', t.tenantId)
      .where('name', '=', 'Seats')
      .execute();
    await db()
      .updateTable('contracts')
      .set({ status: 'ending', end_date: '2027-01-10', cancelled_at: new Date() })
      .where('tenant_id', '=', t.tenantId)
      .execute();
    const [, last] = await runBilling(db(), t.tenantId, '2027-01-05');
    assert.equal((await invoicesOf(db(), t.tenantId))[1]!.language, 'de');
    assert.deepEqual(
      (await linesOf(db(), t.tenantId, last!.id)).map((l) => l.description),
      [
        'Pro – Monatlich (1. Januar 2027 – 10. Januar 2027, 10 von 31 Tagen)',
        'Plätze (1. Januar 2027 – 10. Januar 2027, 10 von 31 Tagen)',
        'API calls (1.–31. Dezember 2026)',
      ],
    );
  });

  it('turns a trial into an active contract with its first invoice and no usage charge for the trial', async () => {
    const t = await billingTenant(db(), 'trial');
    await db()
      .updateTable('contracts')
      .set({ status: 'trial', start_date: '2026-11-01', trial_end: '2026-11-30' })
      .where('tenant_id', '=', t.tenantId)
      .execute();
    const [issued] = await runBilling(db(), t.tenantId, '2026-12-01');
    assert.equal(issued!.periodEnd, '2026-12-31');
    assert.equal(issued!.grossCents, 1904, '(10.00 + 6.00) + 19 % VAT, no usage');
    assert.equal((await contractOf(db(), t)).status, 'active');
  });

  it('POST /api/v1/billing-runs: API key, date checks, default date, tenant scope', async () => {
    const t = await billingTenant(db(), 'api');
    const other = await billingTenant(db(), 'api-other');
    const key = await createApiKey(db(), t.tenantId, 'billing');
    const post = (payload: unknown, authorization?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/billing-runs',
        payload: payload as object,
        headers: authorization ? { authorization } : {},
      });

    const missing = await post({ date: '2026-12-01' });
    assert.equal(missing.statusCode, 401);
    assert.equal(missing.json().error.code, 'api_key_missing');
    const wrong = await post({ date: '2026-12-01' }, `Bearer ${key}x`);
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'api_key_invalid');

    for (const date of ['2026-02-30', '01.12.2026', '2026-12-1', 20261201]) {
      const bad = await post({ date }, `Bearer ${key}`);
      assert.equal(bad.statusCode, 400, String(date));
      assert.equal(bad.json().error.code, 'invalid_request');
      assert.match(bad.json().error.fields.date, /YYYY-MM-DD/);
    }
    assert.equal((await post([], `Bearer ${key}`)).statusCode, 400);
    assert.equal((await invoicesOf(db(), t.tenantId)).length, 0, 'a refused run issues nothing');

    const run = await post({ date: '2026-12-01' }, `Bearer ${key}`);
    assert.equal(run.statusCode, 200);
    assert.deepEqual(run.json().invoiceNumbers, ['INV-000001']);
    assert.equal(run.json().date, '2026-12-01');
    const again = await post({ date: '2026-12-01' }, `Bearer ${key}`);
    assert.deepEqual(again.json().invoiceNumbers, []);
    assert.equal((await invoicesOf(db(), other.tenantId)).length, 0, 'another tenant is not billed');

    // Without a date: today in the tenant's time zone.
    const today = todayIn('Europe/Berlin');
    await db()
      .updateTable('contracts')
      .set({ current_period_start: addDays(today, -30), current_period_end: addDays(today, -1) })
      .where('tenant_id', '=', t.tenantId)
      .execute();
    const byDefault = await app.inject({
      method: 'POST',
      url: '/api/v1/billing-runs',
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(byDefault.statusCode, 200, byDefault.body);
    assert.equal(byDefault.json().date, today);
    assert.deepEqual(byDefault.json().invoiceNumbers, ['INV-000002']);
    assert.equal(byDefault.json().invoices[0].periodStart, today);
  });
});
