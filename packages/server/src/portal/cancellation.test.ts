import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { defaultTenantSettings } from '../db/tenant.ts';
import { formatDate } from '../i18n/format.ts';
import { addDays, addMonths, todayIn } from '../contracts/dates.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

describeEachDatabase('portal cancellation', (database) => {
  let app: FastifyInstance;
  const db = () => database().db;
  let acme: TenantWithCustomer;
  let strict: TenantWithCustomer;
  let other: TenantWithCustomer;
  // The contract's current period is the tenant's current month, so the earliest end is its last day.
  const today = todayIn('Europe/Berlin');
  const monthStart = `${today.slice(0, 7)}-01`;
  const monthEnd = addDays(addMonths(monthStart, 1), -1);

  before(async () => {
    app = await testApp(database());
    acme = await createTenantWithCustomer(db(), 'acme');
    const base = defaultTenantSettings().selfService;
    strict = await createTenantWithCustomer(db(), 'strict', {
      settings: { selfService: { ...base, allowCancellationWithdrawal: false } },
    });
    other = await createTenantWithCustomer(db(), 'hidden', {
      settings: { selfService: { ...base, displayedAreas: { ...base.displayedAreas, cancellation: false } } },
    });
    for (const tenant of [acme, strict, other]) {
      await db()
        .updateTable('contracts')
        .set({ current_period_start: monthStart, current_period_end: monthEnd })
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
    }
  });
  after(() => app.close());

  const sessionFor = async (tenant: TenantWithCustomer, personId = tenant.ownerId) => {
    const { token } = await createSelfServiceLink(db(), {
      tenantId: tenant.tenantId,
      contractId: tenant.contractId,
      personId,
    });
    return openSession(app, tenant.tenantId, token);
  };
  const url = (tenant: TenantWithCustomer, contractId = tenant.contractId) =>
    `/api/portal/${tenant.tenantId}/contracts/${contractId}/cancellation`;
  const call = (session: string, method: 'GET' | 'POST' | 'DELETE', path: string, payload?: object) =>
    app.inject({ method, url: path, payload, headers: { authorization: `Bearer ${session}` } });
  const auditCount = async (tenantId: string) =>
    (await db().selectFrom('audit_log').where('tenant_id', '=', tenantId).select('id').execute()).length;

  describe('cancel and withdraw', () => {
    it('shows the earliest possible end date before cancelling', async () => {
      const response = await call(await sessionFor(acme), 'GET', url(acme));
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        contractId: acme.contractId,
        status: 'active',
        earliestEndDate: monthEnd,
        endDate: null,
        cancelledAt: null,
        reason: null,
        withdrawalAllowed: false,
      });
    });

    it('refuses an end date earlier than allowed or malformed, changing nothing', async () => {
      const session = await sessionFor(acme);
      const early = await call(session, 'POST', url(acme), { endDate: addDays(monthEnd, -1) });
      assert.equal(early.statusCode, 400);
      assert.match(early.json().error.fields.endDate, new RegExp(monthEnd));
      const malformed = await call(session, 'POST', url(acme), { endDate: '2026-02-30' });
      assert.equal(malformed.statusCode, 400);
      assert.ok(malformed.json().error.fields.endDate);
      const reason = await call(session, 'POST', url(acme), { reason: 'x'.repeat(1001) });
      assert.equal(reason.statusCode, 400);
      assert.ok(reason.json().error.fields.reason);
      assert.equal((await call(session, 'GET', url(acme))).json().status, 'active');
    });

    it('cancels to the earliest date, audits it, e-mails a confirmation; twice changes nothing', async () => {
      const session = await sessionFor(acme);
      const audits = await auditCount('acme');
      const response = await call(session, 'POST', url(acme), { reason: 'Too expensive' });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.status, 'ending');
      assert.equal(body.endDate, monthEnd);
      assert.equal(body.reason, 'Too expensive');
      assert.equal(body.withdrawalAllowed, true);
      const audit = await db()
        .selectFrom('audit_log')
        .where('tenant_id', '=', 'acme')
        .where('action', '=', 'contract.cancelled')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor_type, 'person');
      assert.equal(audit.actor_id, acme.ownerId);
      assert.equal(audit.entity_id, acme.contractId);
      assert.ok(audit.created_at);
      const mail = await db()
        .selectFrom('email_outbox')
        .where('tenant_id', '=', 'acme')
        .where('subject', 'like', '%cancelled%')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(mail.to_address, acme.ownerEmail);
      // The end date in the e-mail's language (the tenant's default, English), never as ISO.
      assert.ok(mail.text_body.includes(formatDate('en', monthEnd)), mail.text_body);
      assert.match(formatDate('en', monthEnd), /^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
      assert.ok(!mail.text_body.includes(monthEnd), mail.text_body);

      const again = await call(session, 'POST', url(acme), {});
      assert.equal(again.statusCode, 200);
      assert.deepEqual(again.json(), body);
      const same = await call(session, 'POST', url(acme), { endDate: monthEnd });
      assert.deepEqual(same.json(), body);
      assert.equal(await auditCount('acme'), audits + 1);
      const later = await call(session, 'POST', url(acme), { endDate: addMonths(monthEnd, 2) });
      assert.equal(later.statusCode, 409);
      assert.equal(later.json().error.code, 'already_cancelled');
    });

    it('withdraws the cancellation before it takes effect; withdrawing again is told there is none', async () => {
      const session = await sessionFor(acme);
      const response = await call(session, 'DELETE', url(acme));
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().status, 'active');
      assert.equal(response.json().endDate, null);
      const audit = await db()
        .selectFrom('audit_log')
        .where('tenant_id', '=', 'acme')
        .where('action', '=', 'contract.cancellation_withdrawn')
        .select('actor_id')
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor_id, acme.ownerId);
      const again = await call(session, 'DELETE', url(acme));
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'not_cancelled');
    });

    it('cancels to a later date than the earliest, confirming it in the customer language', async () => {
      const session = await sessionFor(acme);
      const endDate = addDays(addMonths(monthStart, 3), -1);
      const customer = db().updateTable('customers').where('tenant_id', '=', 'acme').where('id', '=', acme.customerId);
      await customer.set({ language: 'de' }).execute();
      try {
        const response = await call(session, 'POST', url(acme), { endDate });
        assert.equal(response.json().endDate, endDate);
        const german = formatDate('de', endDate);
        assert.match(german, /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}$/);
        const mails = await db()
          .selectFrom('email_outbox')
          .where('tenant_id', '=', 'acme')
          .where('text_body', 'like', `%${german}%`)
          .select('text_body')
          .execute();
        assert.equal(mails.length, 1, `one confirmation naming ${german}`);
        assert.ok(!mails[0]!.text_body.includes(endDate), mails[0]!.text_body);
        assert.equal((await call(session, 'DELETE', url(acme))).statusCode, 200);
      } finally {
        await customer.set({ language: null }).execute();
      }
    });

    it('confirms in the language the portal shows, when it names one', async () => {
      const session = await sessionFor(acme);
      const customer = db().updateTable('customers').where('tenant_id', '=', 'acme').where('id', '=', acme.customerId);
      await customer.set({ language: 'en' }).execute();
      try {
        const inGerman = { authorization: `Bearer ${session}`, 'accept-language': 'de-DE,de;q=0.9' };
        const response = await app.inject({ method: 'POST', url: url(acme), payload: {}, headers: inGerman });
        assert.equal(response.statusCode, 200, response.body);
        const german = formatDate('de', response.json().endDate);
        const mails = await db()
          .selectFrom('email_outbox')
          .where('tenant_id', '=', 'acme')
          .where('text_body', 'like', `%${german}%`)
          .select('text_body')
          .execute();
        assert.equal(mails.length, 1, `one confirmation naming ${german}`);
        const withdrawn = await app.inject({ method: 'DELETE', url: url(acme), headers: inGerman });
        assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      } finally {
        await customer.set({ language: null }).execute();
      }
    });

    it('refuses cancelling an ended contract', async () => {
      await db().updateTable('contracts').set({ status: 'ended' }).where('tenant_id', '=', 'acme').execute();
      try {
        const response = await call(await sessionFor(acme), 'POST', url(acme), {});
        assert.equal(response.statusCode, 409);
        assert.equal(response.json().error.code, 'contract_ended');
      } finally {
        await db().updateTable('contracts').set({ status: 'active' }).where('tenant_id', '=', 'acme').execute();
      }
    });
  });

  describe('permissions', () => {
    it('refuses withdrawal when the tenant does not allow it', async () => {
      const session = await sessionFor(strict);
      assert.equal((await call(session, 'POST', url(strict), {})).statusCode, 200);
      const response = await call(session, 'DELETE', url(strict));
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error.code, 'forbidden');
      assert.equal((await call(session, 'GET', url(strict))).json().status, 'ending');
    });

    it('refuses when the area is not displayed or the person lacks the contract permission', async () => {
      const hidden = await call(await sessionFor(other), 'POST', url(other), {});
      assert.equal(hidden.statusCode, 403);
      const member = await db()
        .insertInto('persons')
        .values({
          tenant_id: 'acme',
          customer_id: acme.customerId,
          email: 'member@acme.example',
          role: 'member',
          permissions: ['invoices', 'usage'],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const response = await call(await sessionFor(acme, member.id), 'POST', url(acme), {});
      assert.equal(response.statusCode, 403);
      assert.equal((await call(await sessionFor(acme), 'GET', url(acme))).json().status, 'active');
    });

    it('answers 404 for a contract of another tenant', async () => {
      const response = await call(await sessionFor(acme), 'POST', url(acme, strict.contractId), {});
      assert.equal(response.statusCode, 404);
    });
  });
});
