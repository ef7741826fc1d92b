import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';
import { signupFixture, validOrder, type SignupFixture } from '../testing/signup.ts';

const hour = { windowSeconds: 3600 };

describeEachDatabase('attack: the portal as a mail relay', (database) => {
  let app: FastifyInstance;
  let tenant: TenantWithCustomer;
  let session: string;
  const db = () => database().db;
  const mails = async () =>
    db().selectFrom('email_outbox').where('tenant_id', '=', 'relay').select(['to_address', 'subject']).execute();

  before(async () => {
    app = await testApp(database(), {
      limits: {
        invitationsPerCustomer: { limit: 3, ...hour },
        paymentMethodChangesPerCustomer: { limit: 2, ...hour },
        cancellationsPerCustomer: { limit: 1, ...hour },
      },
    });
    tenant = await createTenantWithCustomer(db(), 'relay');
    // The inviter's name is free text: here a sentence that would read as the merchant's in a subject.
    await db()
      .updateTable('persons')
      .set({ first_name: 'Your account is suspended: pay now at https://evil.example', last_name: '–' })
      .where('tenant_id', '=', 'relay')
      .where('id', '=', tenant.ownerId)
      .execute();
    const { token } = await createSelfServiceLink(db(), {
      tenantId: 'relay',
      contractId: tenant.contractId,
      personId: tenant.ownerId,
    });
    session = await openSession(app, 'relay', token);
  });
  after(() => app.close());

  const call = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url: `/api/portal/relay${url}`, payload, headers: { authorization: `Bearer ${session}` } });
  const invite = (n: number) =>
    call('POST', '/persons', {
      email: `victim${n}@elsewhere.example`,
      firstName: 'Eve',
      lastName: 'Example',
      role: 'member',
      permissions: ['invoices'],
    });
  const refusedAsRateLimited = (response: Awaited<ReturnType<typeof call>>) => {
    assert.equal(response.statusCode, 429, response.body);
    assert.equal(response.json().error.code, 'rate_limited');
    assert.ok(Number(response.headers['retry-after']) >= 1);
  };

  it('attack: inviting address after address is stopped after the customer’s limit, with no e-mail', async () => {
    for (let n = 1; n <= 3; n++) assert.equal((await invite(n)).statusCode, 201);
    const sent = (await mails()).length;
    refusedAsRateLimited(await invite(4));
    assert.equal((await mails()).length, sent, 'no e-mail for the refused invitation');
  });

  it('attack: the inviter’s name does not reach the invitation subject', async () => {
    const invitations = (await mails()).filter((mail) => mail.to_address.startsWith('victim'));
    assert.ok(invitations.length > 0);
    for (const mail of invitations) {
      assert.doesNotMatch(mail.subject, /suspended|evil\.example/, mail.subject);
      assert.equal(mail.subject, 'You have been given access to the Tenant relay customer portal');
    }
  });

  it('attack: changing the payment method again and again is stopped (each change mails a notice)', async () => {
    const change = () =>
      call('PUT', '/payment-method', { kind: 'sepa', holder: 'Olga Owner', iban: 'DE75512108001245126199' });
    for (let n = 1; n <= 2; n++) assert.equal((await change()).statusCode, 200);
    const sent = (await mails()).length;
    refusedAsRateLimited(await change());
    assert.equal((await mails()).length, sent);
  });

  it('attack: cancelling and withdrawing again and again is stopped (each mails a confirmation)', async () => {
    const url = `/contracts/${tenant.contractId}/cancellation`;
    const cancelled = await call('POST', url, {});
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const sent = (await mails()).length;
    refusedAsRateLimited(await call('DELETE', url));
    assert.equal((await mails()).length, sent);
  });
});

describeEachDemoDatabase('attack: the signup page as a mail relay', (database) => {
  let f: SignupFixture;
  let app: FastifyInstance;
  before(async () => {
    f = await signupFixture(database());
    app = await testApp(database(), {
      trustProxy: true,
      limits: { ordersPerAddress: { limit: 2, windowSeconds: 600 } },
    });
  });
  after(async () => {
    await app.close();
    await f.app.close();
  });
  const order = (address: string, email: string) =>
    app.inject({
      method: 'POST',
      url: '/api/signup/demo/orders',
      headers: { 'idempotency-key': randomUUID(), 'x-forwarded-for': address },
      payload: validOrder(f.business, { customer: { ...validOrder(f.business).customer, email } }),
    });

  it('attack: orders to address after address from one client are stopped after its limit', async () => {
    assert.equal((await order('192.0.2.50', 'one@victims.example')).statusCode, 201);
    assert.equal((await order('192.0.2.50', 'two@victims.example')).statusCode, 201);
    const refused = await order('192.0.2.50', 'three@victims.example');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().error.code, 'rate_limited');
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    const mailed = await database()
      .db.selectFrom('email_outbox')
      .where('tenant_id', '=', 'demo')
      .where('to_address', '=', 'three@victims.example')
      .select('id')
      .execute();
    assert.deepEqual(mailed, []);
    assert.equal((await order('192.0.2.51', 'four@victims.example')).statusCode, 201, 'another client still orders');
  });
});
