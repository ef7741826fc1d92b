import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

/** Addresses the portal took before: a display name that delivers elsewhere, a list, markup. */
const ATTACKS = ['x<attacker@evil.example>', 'a@x.example,b', '"><svg onload=alert(1)>@x.example'];

describeEachDatabase('attack: e-mail addresses that are not one plain address', (database) => {
  let app: FastifyInstance;
  let tenant: TenantWithCustomer;
  let session: string;

  before(async () => {
    app = await testApp(database());
    tenant = await createTenantWithCustomer(database().db, 'mailrule');
    const { token } = await createSelfServiceLink(database().db, {
      tenantId: 'mailrule',
      contractId: tenant.contractId,
      personId: tenant.ownerId,
    });
    session = await openSession(app, 'mailrule', token);
  });
  after(() => app.close());

  const invite = (email: string) =>
    app.inject({
      method: 'POST',
      url: '/api/portal/mailrule/persons',
      headers: { authorization: `Bearer ${session}` },
      payload: { email, firstName: 'Eve', lastName: 'Example', role: 'member', permissions: ['invoices'] },
    });
  const requestLink = (email: string) =>
    app.inject({
      method: 'POST',
      url: '/api/portal/mailrule/request-link',
      payload: { contractNumber: tenant.contractNumber, email },
      remoteAddress: '203.0.113.9',
    });

  for (const email of ATTACKS) {
    it(`attack: an invitation to ${email} is refused with a message on email`, async () => {
      const response = await invite(email);
      assert.equal(response.statusCode, 400, response.body);
      assert.ok(response.json().error.fields.email, response.body);
    });
    it(`attack: a link request for ${email} is refused with a message on email`, async () => {
      const response = await requestLink(email);
      assert.equal(response.statusCode, 400, response.body);
      assert.ok(response.json().error.fields.email, response.body);
    });
  }

  it('a normal address is still invited and may request a link', async () => {
    assert.equal((await invite(' eve@mailrule.example ')).statusCode, 201);
    assert.equal((await requestLink(tenant.ownerEmail)).statusCode, 202);
  });
});
