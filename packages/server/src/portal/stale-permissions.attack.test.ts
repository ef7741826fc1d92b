import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

/**
 * A person's rights are read from their row at each request, never from the token: a right the owner takes away
 * stops working on links and sessions already open, and a right the owner grants works on them at once.
 */
describeEachDatabase('attack: rights frozen in an open link', (database) => {
  let app: FastifyInstance;
  let tenant: TenantWithCustomer;
  let owner: string;
  let memberId: string;
  let memberLink: string;

  before(async () => {
    const db = database().db;
    app = await testApp(database());
    tenant = await createTenantWithCustomer(db, 'stale');
    owner = await openSession(
      app,
      'stale',
      (await createSelfServiceLink(db, { tenantId: 'stale', contractId: tenant.contractId })).token,
    );
    memberId = (
      await db
        .insertInto('persons')
        .values({
          tenant_id: 'stale',
          customer_id: tenant.customerId,
          email: 'member@stale.example',
          first_name: 'Mia',
          last_name: 'Member',
          role: 'member',
          permissions: ['usage', 'invoices'],
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // The member's link is issued (and opened) while they hold only usage and invoices.
    memberLink = (
      await createSelfServiceLink(db, { tenantId: 'stale', contractId: tenant.contractId, personId: memberId })
    ).token;
  });
  after(() => app.close());

  const get = (session: string, url: string) => app.inject({ url, headers: { authorization: `Bearer ${session}` } });
  const setPermissions = async (permissions: string[]) => {
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/portal/stale/persons/${memberId}`,
      headers: { authorization: `Bearer ${owner}` },
      payload: { permissions },
    });
    assert.equal(response.statusCode, 200, response.body);
  };
  const sessionPermissions = async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/portal/stale/session',
      payload: { token: memberLink },
    });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { person: { permissions: string[] } }).person.permissions;
  };
  const contract = () => `/api/portal/stale/contracts/${tenant.contractId}`;

  it('attack: a right taken away keeps working through a session opened before', async () => {
    const session = await openSession(app, 'stale', memberLink);
    assert.equal((await get(session, '/api/portal/stale/invoices')).statusCode, 200);
    await setPermissions(['usage']);
    assert.equal((await get(session, '/api/portal/stale/invoices')).statusCode, 403);
    assert.deepEqual(await sessionPermissions(), ['usage']);
  });

  it('attack: a right granted since the link was issued is still withheld (the link’s copy wins)', async () => {
    const session = await openSession(app, 'stale', memberLink);
    assert.equal((await get(session, contract())).statusCode, 403);
    await setPermissions(['usage', 'contract']);
    // The open session and the link opened again (a reload of the portal) both have it now.
    assert.equal((await get(session, contract())).statusCode, 200);
    assert.deepEqual((await sessionPermissions()).sort(), ['contract', 'usage']);
    const extended = await app.inject({
      method: 'POST',
      url: '/api/portal/stale/session/extend',
      headers: { authorization: `Bearer ${session}` },
    });
    assert.deepEqual((extended.json() as { person: { permissions: string[] } }).person.permissions.sort(), [
      'contract',
      'usage',
    ]);
  });
});
