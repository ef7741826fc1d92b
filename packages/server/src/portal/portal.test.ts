import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { OrderResult } from '@portico/core';
import { finishDocumentingOrders } from '../signup/create-order.ts';
import { validOrder } from '../testing/signup.ts';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { readPdf } from '../testing/pdf.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

describeEachDemoDatabase('portal API', (database) => {
  let app: FastifyInstance;
  const db = () => database().db;
  let demo: { contractId: string; customerId: string; ownerId: string; adminId: string; memberId: string };
  let other: TenantWithCustomer;

  before(async () => {
    app = await testApp(database());
    const contract = await db()
      .selectFrom('contracts')
      .where('tenant_id', '=', 'demo')
      .where('contract_number', '=', '20001')
      .select(['id', 'customer_id'])
      .executeTakeFirstOrThrow();
    const persons = await db()
      .selectFrom('persons')
      .where('tenant_id', '=', 'demo')
      .where('customer_id', '=', contract.customer_id)
      .select(['id', 'role'])
      .execute();
    const byRole = (role: string) => persons.find((person) => person.role === role)!.id;
    demo = {
      contractId: contract.id,
      customerId: contract.customer_id,
      ownerId: byRole('owner'),
      adminId: byRole('admin'),
      memberId: byRole('member'),
    };
    other = await createTenantWithCustomer(db(), 'other', { invoices: 57 });
  });
  after(() => app.close());

  const sessionFor = async (personId: string, tenant = 'demo', contractId = demo.contractId) => {
    const { token } = await createSelfServiceLink(db(), { tenantId: tenant, contractId, personId });
    return openSession(app, tenant, token);
  };
  const get = (session: string, url: string) => app.inject({ url, headers: { authorization: `Bearer ${session}` } });
  const send = (session: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${session}` } });

  describe('dashboard and contracts', () => {
    it('shows the contracts and pending invoices of the customer', async () => {
      const session = await sessionFor(demo.ownerId);
      const response = await get(session, '/api/portal/demo/dashboard');
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.deepEqual(
        body.contracts.map((contract: { id: string }) => contract.id),
        [demo.contractId],
      );
      assert.equal(body.contracts[0].status, 'active');
      for (const invoice of body.pendingInvoices) assert.ok(['open', 'overdue'].includes(invoice.status));
    });

    it('gives contract details with the earliest end date and the document', async () => {
      const session = await sessionFor(demo.ownerId);
      const response = await get(session, `/api/portal/demo/contracts/${demo.contractId}`);
      assert.equal(response.statusCode, 200);
      const details = response.json();
      assert.equal(details.contractNumber, '20001');
      assert.equal(details.hasDocument, true);
      assert.ok(details.components.length > 0);
      assert.ok(details.earliestEndDate >= details.currentPeriodEnd);
      const document = await get(session, `/api/portal/demo/contracts/${demo.contractId}/document`);
      assert.equal(document.statusCode, 200);
      assert.equal(document.headers['content-type'], 'application/pdf');
      assert.equal(document.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });

    it('offers the document of a trial contract', async () => {
      const trial = await db()
        .selectFrom('contracts')
        .innerJoin('persons', (join) =>
          join
            .onRef('persons.tenant_id', '=', 'contracts.tenant_id')
            .onRef('persons.customer_id', '=', 'contracts.customer_id'),
        )
        .where('contracts.tenant_id', '=', 'demo')
        .where('contracts.status', '=', 'trial')
        .select(['contracts.id', 'persons.id as person_id'])
        .executeTakeFirstOrThrow();
      const session = await sessionFor(trial.person_id, 'demo', trial.id);
      const details = await get(session, `/api/portal/demo/contracts/${trial.id}`);
      assert.equal(details.json().hasDocument, true);
      const document = await get(session, `/api/portal/demo/contracts/${trial.id}/document`);
      assert.equal(document.statusCode, 200);
      assert.equal(document.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });

    it("answers 409 document_pending while a new order's document is being made, and the PDF once it is", async () => {
      const variant = await db()
        .selectFrom('plan_variants')
        .where('tenant_id', '=', 'demo')
        .where('allow_signup', '=', true)
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const placed = await app.inject({
        method: 'POST',
        url: '/api/signup/demo/orders',
        headers: { 'idempotency-key': randomUUID() },
        payload: validOrder(variant.id, {
          customer: { ...validOrder(variant.id).customer, email: `pending-${randomUUID()}@example.com` },
        }),
      });
      assert.equal(placed.statusCode, 201, placed.body);
      const { contractId, customerId } = placed.json<OrderResult>();
      const owner = await db()
        .selectFrom('persons')
        .where('tenant_id', '=', 'demo')
        .where('customer_id', '=', customerId)
        .select('id')
        .executeTakeFirstOrThrow();
      const session = await sessionFor(owner.id, 'demo', contractId);
      const pending = await get(session, `/api/portal/demo/contracts/${contractId}/document`);
      assert.equal(pending.statusCode, 409, pending.body);
      assert.equal(pending.json().error.code, 'document_pending');
      assert.equal(pending.headers['retry-after'], '5');
      assert.match(pending.json().error.message, /being prepared/);
      assert.equal(await finishDocumentingOrders(db()), 1);
      const ready = await get(session, `/api/portal/demo/contracts/${contractId}/document`);
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });

    it('refuses contract details and documents to a person without the contract permission (403)', async () => {
      const session = await sessionFor(demo.memberId);
      for (const url of [
        `/api/portal/demo/contracts/${demo.contractId}`,
        `/api/portal/demo/contracts/${demo.contractId}/document`,
      ]) {
        const response = await get(session, url);
        assert.equal(response.statusCode, 403, url);
        assert.equal(response.json().error.code, 'forbidden');
      }
    });
  });

  describe('invoices', () => {
    it('refuses invoices and invoice PDFs to a person without the invoices permission (403)', async () => {
      const session = await sessionFor(demo.memberId);
      const invoice = await db()
        .selectFrom('invoices')
        .where('tenant_id', '=', 'demo')
        .where('customer_id', '=', demo.customerId)
        .select('id')
        .executeTakeFirstOrThrow();
      for (const url of ['/api/portal/demo/invoices', `/api/portal/demo/invoices/${invoice.id}/pdf`]) {
        const response = await get(session, url);
        assert.equal(response.statusCode, 403, url);
        assert.equal(response.json().error.code, 'forbidden');
      }
      const dashboard = await get(session, '/api/portal/demo/dashboard');
      assert.deepEqual(dashboard.json().pendingInvoices, []);
    });

    it('takes permissions away at once when the person loses them', async () => {
      const session = await sessionFor(demo.adminId);
      assert.equal((await get(session, '/api/portal/demo/invoices')).statusCode, 200);
      await db()
        .updateTable('persons')
        .set({ permissions: ['usage'] })
        .where('id', '=', demo.adminId)
        .execute();
      try {
        assert.equal((await get(session, '/api/portal/demo/invoices')).statusCode, 403);
      } finally {
        await db()
          .updateTable('persons')
          .set({ permissions: ['invoices', 'usage', 'contract', 'payment', 'personnel'] })
          .where('id', '=', demo.adminId)
          .execute();
      }
    });

    it('pages with a keyset cursor without duplicates or gaps, newest first', async () => {
      const session = await sessionFor(other.ownerId, 'other', other.contractId);
      const all = await db()
        .selectFrom('invoices')
        .where('tenant_id', '=', 'other')
        .where('status', '<>', 'draft')
        .select(['id', 'issue_date'])
        .execute();
      const seen: Array<{ id: string; issueDate: string }> = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url = `/api/portal/other/invoices?limit=10${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await get(session, url);
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json();
        assert.ok(page.items.length <= 10);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      assert.equal(pages, 6);
      assert.equal(seen.length, all.length);
      assert.equal(new Set(seen.map((item) => item.id)).size, all.length);
      for (let i = 1; i < seen.length; i += 1) assert.ok(seen[i - 1]!.issueDate >= seen[i]!.issueDate);
    });

    it('filters by status, year and contract and lists the years', async () => {
      const session = await sessionFor(other.ownerId, 'other', other.contractId);
      const paid = (await get(session, '/api/portal/other/invoices?status=paid&limit=100')).json();
      const expectedPaid = await db()
        .selectFrom('invoices')
        .where('tenant_id', '=', 'other')
        .where('status', '=', 'paid')
        .select('id')
        .execute();
      assert.equal(paid.items.length, expectedPaid.length);
      assert.ok(paid.items.every((item: { status: string }) => item.status === 'paid'));
      assert.deepEqual(paid.years, [2026]);

      const anotherYear = await db()
        .insertInto('invoices')
        .values({
          tenant_id: 'other',
          customer_id: other.customerId,
          contract_id: other.contractId,
          number: 'OLD-1',
          status: 'paid',
          issue_date: '2024-03-01',
          currency: 'EUR',
          net_cents: 100,
          tax_cents: 19,
          gross_cents: 119,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const old = (await get(session, '/api/portal/other/invoices?year=2024')).json();
      assert.deepEqual(
        old.items.map((item: { id: string }) => item.id),
        [anotherYear.id],
      );
      assert.deepEqual(old.years, [2026, 2024]);
      const byContract = await get(session, `/api/portal/other/invoices?contract=${other.contractId}&limit=5`);
      assert.equal(byContract.json().items.length, 5);

      for (const query of ['status=draft', 'year=24', 'limit=0', 'limit=101', 'cursor=abc']) {
        const response = await get(session, `/api/portal/other/invoices?${query}`);
        assert.equal(response.statusCode, 400, query);
        assert.equal(response.json().error.code, 'invalid_filter');
      }
    });

    it("renders an invoice PDF in the tenant's branding", async () => {
      const session = await sessionFor(demo.ownerId);
      const page = (await get(session, '/api/portal/demo/invoices?limit=1')).json();
      const row = await db()
        .selectFrom('tenant_settings')
        .where('tenant_id', '=', 'demo')
        .select('settings')
        .executeTakeFirstOrThrow();
      const settings = row.settings;
      const branded = { ...settings, branding: { ...settings.branding, primaryColor: '#0B8457' } };
      await db().updateTable('tenant_settings').set({ settings: branded }).where('tenant_id', '=', 'demo').execute();
      try {
        const response = await get(session, `/api/portal/demo/invoices/${page.items[0].id}/pdf`);
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['content-type'], 'application/pdf');
        assert.match(String(response.headers['content-disposition']), /attachment; filename=".+\.pdf"/);
        assert.equal(response.rawPayload.subarray(0, 5).toString(), '%PDF-');
        const { colors } = readPdf(response.rawPayload);
        assert.ok(colors.has('#0b8457'), `primary colour missing from ${[...colors].join(' ')}`);
      } finally {
        await db().updateTable('tenant_settings').set({ settings }).where('tenant_id', '=', 'demo').execute();
      }
    });

    it("respects the tenant's displayed areas", async () => {
      const session = await sessionFor(demo.ownerId);
      const row = await db()
        .selectFrom('tenant_settings')
        .where('tenant_id', '=', 'demo')
        .select('settings')
        .executeTakeFirstOrThrow();
      const settings = row.settings;
      const hidden = {
        ...settings,
        selfService: {
          ...settings.selfService,
          displayedAreas: { ...settings.selfService.displayedAreas, invoices: false },
        },
      };
      await db().updateTable('tenant_settings').set({ settings: hidden }).where('tenant_id', '=', 'demo').execute();
      try {
        const response = await get(session, '/api/portal/demo/invoices');
        assert.equal(response.statusCode, 403);
        assert.equal(response.json().error.code, 'forbidden');
      } finally {
        await db().updateTable('tenant_settings').set({ settings }).where('tenant_id', '=', 'demo').execute();
      }
    });
  });

  describe('tenant isolation', () => {
    it("never reads another tenant's data, whatever ids are sent (404)", async () => {
      const session = await sessionFor(demo.ownerId);
      const otherInvoice = await db()
        .selectFrom('invoices')
        .where('tenant_id', '=', 'other')
        .select('id')
        .executeTakeFirstOrThrow();
      for (const url of [
        `/api/portal/demo/contracts/${other.contractId}`,
        `/api/portal/demo/contracts/${other.contractId}/document`,
        `/api/portal/demo/invoices?contract=${other.contractId}`,
        `/api/portal/demo/invoices/${otherInvoice.id}/pdf`,
        '/api/portal/demo/contracts/not-a-uuid',
      ]) {
        const response = await get(session, url);
        assert.equal(response.statusCode, 404, url);
        assert.equal(response.json().error.code, 'not_found');
      }
      for (const method of ['PATCH', 'DELETE'] as const) {
        const response = await send(session, method, `/api/portal/demo/persons/${other.ownerId}`, { role: 'member' });
        assert.equal(response.statusCode, 404, method);
      }
      const invoices = (await get(session, '/api/portal/demo/invoices?limit=100')).json();
      assert.ok(invoices.items.every((item: { contractId: string | null }) => item.contractId !== other.contractId));
      const persons = (await get(session, '/api/portal/demo/persons')).json();
      assert.ok(persons.every((person: { id: string }) => person.id !== other.ownerId));
    });

    it("does not show another customer's contracts of the same tenant", async () => {
      const session = await sessionFor(demo.ownerId);
      const foreign = await db()
        .selectFrom('contracts')
        .where('tenant_id', '=', 'demo')
        .where('customer_id', '<>', demo.customerId)
        .select('id')
        .executeTakeFirstOrThrow();
      assert.equal((await get(session, `/api/portal/demo/contracts/${foreign.id}`)).statusCode, 404);
    });
  });

  describe('authorised personnel', () => {
    it('lists persons with contact details to persons with the personnel permission', async () => {
      const session = await sessionFor(demo.ownerId);
      const response = await get(session, '/api/portal/demo/persons');
      assert.equal(response.statusCode, 200);
      const persons = response.json();
      assert.deepEqual(
        persons.map((person: { role: string }) => person.role),
        ['owner', 'admin', 'member'],
      );
      assert.ok(persons[0].email.includes('@'));
      assert.equal((await get(await sessionFor(demo.memberId), '/api/portal/demo/persons')).statusCode, 403);
    });

    it('invites a person by e-mail whose own link works with the narrower permissions', async () => {
      const session = await sessionFor(demo.ownerId);
      const invite = {
        email: 'new.person@acme-analytics.example',
        firstName: '<b>Nina</b>',
        lastName: 'Neu',
        role: 'member',
        permissions: ['invoices'],
      };
      const response = await send(session, 'POST', '/api/portal/demo/persons', invite);
      assert.equal(response.statusCode, 201, response.body);
      const person = response.json();
      assert.equal(person.firstName, '<b>Nina</b>');
      assert.deepEqual(person.permissions, ['invoices']);
      const again = await send(session, 'POST', '/api/portal/demo/persons', invite);
      assert.equal(again.statusCode, 409);

      const mail = await db()
        .selectFrom('email_outbox')
        .where('tenant_id', '=', 'demo')
        .where('to_address', '=', invite.email)
        .select('text_body')
        .executeTakeFirstOrThrow();
      const token = /#token=([\w.-]+)/.exec(mail.text_body)?.[1];
      assert.ok(token, 'the e-mail carries a portal link');
      assert.match(mail.text_body, /^(Hallo|Hello) <b>Nina<\/b> Neu,/, 'greets the invitee by name');
      assert.match(
        mail.text_body,
        /(Vertragsnummer|contract number) 20001 /,
        'names the contract number it tells the invitee to request a new link with',
      );
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
        iat: number;
        exp: number;
      };
      assert.equal(claims.exp - claims.iat, 7 * 24 * 3600, "an invitation link lasts the tenant's maximum lifetime");
      const invitee = await openSession(app, 'demo', token);
      assert.equal((await get(invitee, '/api/portal/demo/invoices')).statusCode, 200);
      assert.equal((await get(invitee, `/api/portal/demo/contracts/${demo.contractId}`)).statusCode, 403);
      assert.equal((await get(invitee, '/api/portal/demo/persons')).statusCode, 403);

      const removed = await send(session, 'DELETE', `/api/portal/demo/persons/${person.id}`);
      assert.equal(removed.statusCode, 204);
      const after = await get(invitee, '/api/portal/demo/invoices');
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().error.code, 'token_revoked');
    });

    it('rejects invalid invitations with field messages', async () => {
      const session = await sessionFor(demo.ownerId);
      const response = await send(session, 'POST', '/api/portal/demo/persons', {
        email: 'nope',
        firstName: '',
        role: 'owner',
        permissions: ['everything'],
      });
      assert.equal(response.statusCode, 400);
      const fields = response.json().error.fields;
      assert.deepEqual(Object.keys(fields).sort(), ['email', 'firstName', 'lastName', 'permissions', 'role']);
    });

    it('lets nobody grant more than they have, and members manage nothing', async () => {
      await db()
        .updateTable('persons')
        .set({ permissions: ['invoices', 'personnel'] })
        .where('id', '=', demo.adminId)
        .execute();
      try {
        const admin = await sessionFor(demo.adminId);
        const grant = await send(admin, 'PATCH', `/api/portal/demo/persons/${demo.memberId}`, {
          permissions: ['usage', 'payment'],
        });
        assert.equal(grant.statusCode, 403);
        const invite = await send(admin, 'POST', '/api/portal/demo/persons', {
          email: 'x@acme-analytics.example',
          firstName: 'X',
          lastName: 'Y',
          role: 'admin',
          permissions: ['contract'],
        });
        assert.equal(invite.statusCode, 403);
        const allowed = await send(admin, 'PATCH', `/api/portal/demo/persons/${demo.memberId}`, {
          permissions: ['usage', 'invoices'],
        });
        assert.equal(allowed.statusCode, 200);
        assert.deepEqual(allowed.json().permissions, ['usage', 'invoices']);
        const promote = await send(admin, 'PATCH', `/api/portal/demo/persons/${demo.memberId}`, { role: 'owner' });
        assert.equal(promote.statusCode, 403, 'only owners make owners');
        const removeOwner = await send(admin, 'DELETE', `/api/portal/demo/persons/${demo.ownerId}`);
        assert.equal(removeOwner.statusCode, 403);
      } finally {
        await db()
          .updateTable('persons')
          .set({ permissions: ['invoices', 'usage', 'contract', 'payment', 'personnel'] })
          .where('id', '=', demo.adminId)
          .execute();
        await db()
          .updateTable('persons')
          .set({ permissions: ['usage'] })
          .where('id', '=', demo.memberId)
          .execute();
      }
      await db()
        .updateTable('persons')
        .set({ permissions: ['usage', 'personnel'] })
        .where('id', '=', demo.memberId)
        .execute();
      try {
        const member = await sessionFor(demo.memberId);
        const change = await send(member, 'PATCH', `/api/portal/demo/persons/${demo.memberId}`, { role: 'admin' });
        assert.equal(change.statusCode, 403);
      } finally {
        await db()
          .updateTable('persons')
          .set({ permissions: ['usage'] })
          .where('id', '=', demo.memberId)
          .execute();
      }
    });

    it('keeps the last owner and refuses removing yourself', async () => {
      const owner = await sessionFor(demo.ownerId);
      const self = await send(owner, 'DELETE', `/api/portal/demo/persons/${demo.ownerId}`);
      assert.equal(self.statusCode, 409);
      assert.equal(self.json().error.code, 'cannot_remove_self');
      const demote = await send(owner, 'PATCH', `/api/portal/demo/persons/${demo.ownerId}`, { role: 'admin' });
      assert.equal(demote.statusCode, 409);
      assert.equal(demote.json().error.code, 'last_owner');
    });
  });

  describe('request a link', () => {
    const request = (payload: object, ip: string) =>
      app.inject({ method: 'POST', url: '/api/portal/demo/request-link', payload, remoteAddress: ip });
    const outboxCount = async (to: string) =>
      (
        await db()
          .selectFrom('email_outbox')
          .where('tenant_id', '=', 'demo')
          .where('to_address', '=', to)
          .select('id')
          .execute()
      ).length;

    it('answers the same whether or not contract number and e-mail match, and mails only on a match', async () => {
      const owner = await db()
        .selectFrom('persons')
        .where('id', '=', demo.ownerId)
        .select('email')
        .executeTakeFirstOrThrow();
      const before = await outboxCount(owner.email);
      const match = await request({ contractNumber: '20001', email: owner.email.toUpperCase() }, '192.0.2.1');
      const wrongMail = await request({ contractNumber: '20001', email: 'someone@else.example' }, '192.0.2.1');
      const wrongContract = await request({ contractNumber: '99999', email: owner.email }, '192.0.2.1');
      for (const response of [match, wrongMail, wrongContract]) {
        assert.equal(response.statusCode, 202);
        assert.equal(response.body, match.body);
      }
      // The link is looked up and sent after the answer: wait for the outbox.
      for (let i = 0; i < 100 && (await outboxCount(owner.email)) === before; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(await outboxCount(owner.email), before + 1);
      assert.equal(await outboxCount('someone@else.example'), 0);
      const mail = await db()
        .selectFrom('email_outbox')
        .where('tenant_id', '=', 'demo')
        .where('to_address', '=', owner.email)
        .orderBy('created_at', 'desc')
        .select('text_body')
        .executeTakeFirstOrThrow();
      const token = /#token=([\w.-]+)/.exec(mail.text_body)![1]!;
      await openSession(app, 'demo', token);
    });

    it('limits requests per IP address and merchant (429 with Retry-After)', async () => {
      const answers = [];
      for (let i = 0; i < 6; i += 1) {
        answers.push(await request({ contractNumber: '1', email: 'a@b.example' }, '198.51.100.9'));
      }
      assert.deepEqual(
        answers.map((answer) => answer.statusCode),
        [202, 202, 202, 202, 202, 429],
      );
      assert.ok(Number(answers[5]!.headers['retry-after']) > 0);
      assert.equal(answers[5]!.json().error.code, 'rate_limited');
      const otherIp = await request({ contractNumber: '1', email: 'a@b.example' }, '198.51.100.10');
      assert.equal(otherIp.statusCode, 202);
    });

    it('asks for both fields', async () => {
      const response = await request({}, '203.0.113.50');
      assert.equal(response.statusCode, 400);
      assert.deepEqual(Object.keys(response.json().error.fields).sort(), ['contractNumber', 'email']);
    });
  });
});
