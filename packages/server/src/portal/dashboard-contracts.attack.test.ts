import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

/** A person without the `contract` permission reads contract details through the overview instead. */
describeEachDatabase('attack: contract details through the dashboard', (database) => {
  let app: FastifyInstance;
  let tenant: TenantWithCustomer;
  let member: string;
  let owner: string;

  before(async () => {
    const db = database().db;
    app = await testApp(database());
    tenant = await createTenantWithCustomer(db, 'peek');
    const { id } = await db
      .insertInto('persons')
      .values({
        tenant_id: 'peek',
        customer_id: tenant.customerId,
        email: 'usage@peek.example',
        first_name: 'Uma',
        last_name: 'Usage',
        role: 'member',
        permissions: ['usage'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const link = async (personId?: string) =>
      (
        await createSelfServiceLink(db, {
          tenantId: 'peek',
          contractId: tenant.contractId,
          ...(personId ? { personId } : {}),
        })
      ).token;
    member = await openSession(app, 'peek', await link(id));
    owner = await openSession(app, 'peek', await link());
  });
  after(() => app.close());

  const dashboard = (session: string) =>
    app.inject({ url: '/api/portal/peek/dashboard', headers: { authorization: `Bearer ${session}` } });

  it('attack: a person without the contract permission reads status and billing dates from the dashboard', async () => {
    const response = await dashboard(member);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().contracts, []);
  });

  it('a person with the contract permission still sees them', async () => {
    const contracts = (await dashboard(owner)).json().contracts as { id: string; nextBillingDate: string }[];
    assert.deepEqual(
      contracts.map((contract) => [contract.id, contract.nextBillingDate]),
      [[tenant.contractId, '2026-12-01']],
    );
  });
});
