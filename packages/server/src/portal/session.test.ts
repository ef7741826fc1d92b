import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { PortalSession } from '@portico/core';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, type TenantWithCustomer } from '../testing/portal.ts';

describeEachDatabase('portal session', (database) => {
  let app: FastifyInstance;
  const db = () => database().db;
  let tenant: TenantWithCustomer;
  let second: string;
  let stranger: string;

  before(async () => {
    app = await testApp(database());
    tenant = await createTenantWithCustomer(db(), 'sessions');
    const family = await db()
      .selectFrom('product_families')
      .where('tenant_id', '=', 'sessions')
      .select('id')
      .executeTakeFirstOrThrow();
    const plan = await db()
      .insertInto('plans')
      .values({
        tenant_id: 'sessions',
        family_id: family.id,
        name: 'Storage',
        i18n: { de: { name: 'Speicher' } },
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const variant = await db()
      .insertInto('plan_variants')
      .values({
        tenant_id: 'sessions',
        plan_id: plan.id,
        name: 'Yearly',
        billing_period_months: 12,
        price_cents: 9900,
        currency: 'EUR',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contract = (customerId: string, number: string) =>
      db()
        .insertInto('contracts')
        .values({
          tenant_id: 'sessions',
          customer_id: customerId,
          contract_number: number,
          plan_variant_id: variant.id,
          status: 'active',
          start_date: '2025-01-01',
          current_period_start: '2026-01-01',
          current_period_end: '2026-12-31',
          // Later than the first contract, so the link's scope lists it second.
          created_at: new Date(Date.now() + 60_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    second = (await contract(tenant.customerId, 'C-storage')).id;
    const other = await db()
      .insertInto('customers')
      .values({ tenant_id: 'sessions', customer_number: '2', email: 'other@sessions.example' })
      .returning('id')
      .executeTakeFirstOrThrow();
    stranger = (await contract(other.id, 'C-other')).id;
  });
  after(() => app.close());

  const open = async (language?: string, query = ''): Promise<PortalSession> => {
    const { token } = await createSelfServiceLink(db(), { tenantId: 'sessions', contractId: tenant.contractId });
    const response = await app.inject({
      method: 'POST',
      url: `/api/portal/sessions/session${query}`,
      payload: { token },
      headers: language ? { 'accept-language': language } : {},
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };

  it("names the customer's contracts with number and plan name, in the order of contractIds", async () => {
    const session = await open('en');
    assert.deepEqual(session.contractIds, [tenant.contractId, second]);
    assert.deepEqual(session.contracts, [
      { id: tenant.contractId, contractNumber: tenant.contractNumber, planName: 'Pro' },
      { id: second, contractNumber: 'C-storage', planName: 'Storage' },
    ]);
    assert.ok(!session.contracts.some((contract) => contract.id === stranger), "another customer's contract");
  });

  it('gives plan names in the language the session is requested in, also when extended', async () => {
    const session = await open('de-DE');
    assert.equal(session.contracts[1]!.planName, 'Speicher');
    const extended = await app.inject({
      method: 'POST',
      url: '/api/portal/sessions/session/extend',
      headers: { authorization: `Bearer ${session.sessionToken}`, 'accept-language': 'en' },
    });
    assert.equal(extended.statusCode, 200, extended.body);
    assert.equal((extended.json() as PortalSession).contracts[1]!.planName, 'Storage');
  });

  it('lists the session’s contracts again in another language, and only with a valid session', async () => {
    const session = await open('en');
    assert.equal(session.contracts[1]!.planName, 'Storage');
    const labels = await app.inject({
      method: 'GET',
      url: '/api/portal/sessions/session/contracts',
      headers: { authorization: `Bearer ${session.sessionToken}`, 'accept-language': 'de' },
    });
    assert.equal(labels.statusCode, 200, labels.body);
    assert.deepEqual(labels.json(), [
      { id: tenant.contractId, contractNumber: tenant.contractNumber, planName: 'Pro' },
      { id: second, contractNumber: 'C-storage', planName: 'Speicher' },
    ]);
    const anonymous = await app.inject({ method: 'GET', url: '/api/portal/sessions/session/contracts' });
    assert.equal(anonymous.statusCode, 401, anonymous.body);
  });

  it('takes the language the page names (?language=) over the browser’s', async () => {
    const session = await open('en', '?language=de');
    assert.equal(session.contracts[1]!.planName, 'Speicher');
  });

  it('leaves out a contract of the scope that no longer belongs to the customer', async () => {
    const { token } = await createSelfServiceLink(db(), { tenantId: 'sessions', contractId: tenant.contractId });
    const other = await db()
      .selectFrom('customers')
      .where('tenant_id', '=', 'sessions')
      .where('customer_number', '=', '2')
      .select('id')
      .executeTakeFirstOrThrow();
    await db().updateTable('contracts').set({ customer_id: other.id }).where('id', '=', second).execute();
    try {
      const response = await app.inject({ method: 'POST', url: '/api/portal/sessions/session', payload: { token } });
      assert.equal(response.statusCode, 200, response.body);
      const session = response.json() as PortalSession;
      assert.deepEqual(
        session.contracts.map((contract) => contract.id),
        [tenant.contractId],
      );
    } finally {
      await db().updateTable('contracts').set({ customer_id: tenant.customerId }).where('id', '=', second).execute();
    }
  });
});
