import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { PaymentMethodView } from '@portico/core';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { defaultTenantSettings } from '../db/tenant.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

const IBAN = 'DE89370400440532013000';
const NEW_IBAN = 'DE02120300000000202051';
const SUCCESS_CARD = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123', holder: 'Olga Owner' };

describeEachDatabase('portal payment data', (database) => {
  let app: FastifyInstance;
  const db = () => database().db;
  let acme: TenantWithCustomer;
  let strict: TenantWithCustomer;
  let hidden: TenantWithCustomer;
  let german: TenantWithCustomer;
  let broken: TenantWithCustomer;
  const url = (tenant: string) => `/api/portal/${tenant}/payment-method`;

  /** Gives the tenant's customer an active SEPA method used by its contract, as a signup would. */
  async function withSepa(tenant: TenantWithCustomer): Promise<string> {
    const method = await db()
      .insertInto('payment_methods')
      .values({
        tenant_id: tenant.tenantId,
        customer_id: tenant.customerId,
        kind: 'sepa',
        holder: 'Olga Owner',
        iban: IBAN,
        bic: 'COBADEFFXXX',
        mandate_reference: 'PORTICO-1-1',
        mandate_text: 'I authorise …',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('contracts')
      .set({ payment_method_id: method.id })
      .where('tenant_id', '=', tenant.tenantId)
      .where('id', '=', tenant.contractId)
      .execute();
    return method.id;
  }

  before(async () => {
    app = await testApp(database());
    acme = await createTenantWithCustomer(db(), 'acme');
    const signup = defaultTenantSettings().signup;
    strict = await createTenantWithCustomer(db(), 'strict', {
      settings: { signup: { ...signup, paymentMethods: ['sepa'] } },
    });
    const base = defaultTenantSettings().selfService;
    hidden = await createTenantWithCustomer(db(), 'hidden', {
      settings: { selfService: { ...base, displayedAreas: { ...base.displayedAreas, paymentData: false } } },
    });
    german = await createTenantWithCustomer(db(), 'german');
    await db().updateTable('customers').set({ language: 'de' }).where('tenant_id', '=', 'german').execute();
    broken = await createTenantWithCustomer(db(), 'broken');
    for (const tenant of [acme, strict, hidden, german, broken]) await withSepa(tenant);
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
  const call = (session: string, method: 'GET' | 'PUT', path: string, payload?: unknown) =>
    app.inject({ method, url: path, payload: payload as object, headers: { authorization: `Bearer ${session}` } });
  const cardToken = async (tenant: string, card: object = SUCCESS_CARD) => {
    const response = await app.inject({ method: 'POST', url: `/api/payments/sandbox/${tenant}/tokens`, payload: card });
    return { status: response.statusCode, body: response.json() };
  };
  const methods = (tenant: TenantWithCustomer) =>
    db()
      .selectFrom('payment_methods')
      .where('tenant_id', '=', tenant.tenantId)
      .where('customer_id', '=', tenant.customerId)
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  const active = async (tenant: TenantWithCustomer) => (await methods(tenant)).filter((m) => m.status === 'active');
  const contractMethod = async (tenant: TenantWithCustomer) =>
    (
      await db()
        .selectFrom('contracts')
        .where('tenant_id', '=', tenant.tenantId)
        .where('id', '=', tenant.contractId)
        .select('payment_method_id')
        .executeTakeFirstOrThrow()
    ).payment_method_id;
  const outbox = (tenant: string) =>
    db().selectFrom('email_outbox').where('tenant_id', '=', tenant).selectAll().orderBy('created_at').execute();
  const audits = (tenant: string) =>
    db()
      .selectFrom('audit_log')
      .where('tenant_id', '=', tenant)
      .where('action', '=', 'payment_method.replaced')
      .selectAll()
      .orderBy('id')
      .execute();

  describe('view', () => {
    it('shows the active SEPA method masked, with the enabled kinds and the creditor', async () => {
      const response = await call(await sessionFor(acme), 'GET', url('acme'));
      assert.equal(response.statusCode, 200);
      const view = response.json() as PaymentMethodView;
      assert.equal(view.current?.kind, 'sepa');
      assert.equal(view.current?.masked, 'DE•• •••• •••• •••• 3000');
      assert.equal(view.current?.mandateReference, 'PORTICO-1-1');
      assert.deepEqual(view.enabledKinds, ['sepa', 'card', 'invoice']);
      assert.match(view.sepa.mandateText, /Tenant acme/);
      assert.doesNotMatch(response.body, /370400440532013000/, 'never the full IBAN');
    });

    it('shows the mandate text in the portal language and stores a new mandate in those words', async () => {
      const portal = await createTenantWithCustomer(db(), 'portalde');
      await withSepa(portal);
      const session = await sessionFor(portal);
      const inGerman = { authorization: `Bearer ${session}`, 'accept-language': 'de-DE,de;q=0.9' };
      const response = await app.inject({ method: 'GET', url: url('portalde'), headers: inGerman });
      assert.equal(response.statusCode, 200);
      const shown = (response.json() as PaymentMethodView).sepa.mandateText;
      assert.equal(
        shown,
        'Ich ermächtige Tenant portalde, Zahlungen von meinem Konto mittels Lastschrift einzuziehen. Zugleich weise ' +
          'ich mein Kreditinstitut an, die von Tenant portalde auf mein Konto gezogenen Lastschriften einzulösen. Hinweis: ' +
          'Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten ' +
          'Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten Bedingungen.',
      );
      const english = await call(session, 'GET', `${url('portalde')}?language=en`);
      assert.match((english.json() as PaymentMethodView).sepa.mandateText, /^I authorise Tenant portalde to collect/);

      const saved = await app.inject({
        method: 'PUT',
        url: url('portalde'),
        headers: inGerman,
        payload: { kind: 'sepa', holder: 'Olga Owner', iban: 'DE75512108001245126199' },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const [stored] = await active(portal);
      assert.equal(stored!.iban, 'DE75512108001245126199');
      assert.equal(stored!.mandate_text, shown, 'the mandate is stored in the words the customer saw');
    });

    it("uses the tenant's own mandate wording for the languages it has, the catalog's for the others", async () => {
      const own = await createTenantWithCustomer(db(), 'ownwords', {
        settings: {
          sepa: { creditorName: 'Own Words GmbH', mandateText: { de: 'Wir, {CreditorName}, buchen ab.' } },
        },
      });
      await withSepa(own);
      const session = await sessionFor(own);
      const view = async (language: string) =>
        ((await call(session, 'GET', `${url('ownwords')}?language=${language}`)).json() as PaymentMethodView).sepa;
      assert.equal((await view('de-AT')).mandateText, 'Wir, Own Words GmbH, buchen ab.');
      assert.equal((await view('de')).creditorName, 'Own Words GmbH');
      assert.match(
        (await view('fr')).mandateText,
        /^En signant ce formulaire de mandat, vous autorisez Own Words GmbH/,
      );
    });
  });

  describe('replace', () => {
    it('replaces SEPA by a sandbox card: old kept as replaced, contract moved, audited, e-mailed', async () => {
      const [old] = await active(acme);
      const session = await sessionFor(acme);
      const token = await cardToken('acme');
      assert.equal(token.status, 200);
      const mailsBefore = (await outbox('acme')).length;
      const response = await call(session, 'PUT', url('acme'), { kind: 'card', cardToken: token.body.token });
      assert.equal(response.statusCode, 200, response.body);
      const view = response.json() as PaymentMethodView;
      assert.equal(view.current?.kind, 'card');
      assert.equal(view.current?.masked, 'Visa •••• 4242');
      assert.deepEqual([view.current?.expMonth, view.current?.expYear], [12, 2040]);
      assert.doesNotMatch(response.body, /sandbox_pm_|sbx_/, 'never the provider token');

      const rows = await methods(acme);
      const previous = rows.find((row) => row.id === old!.id)!;
      assert.equal(previous.status, 'replaced');
      assert.ok(previous.replaced_at instanceof Date);
      assert.equal(previous.iban, IBAN, 'kept for history, not deleted');
      assert.deepEqual(
        (await active(acme)).map((row) => row.id),
        [view.current!.id],
      );
      assert.equal(await contractMethod(acme), view.current!.id);

      const [audit] = (await audits('acme')).slice(-1);
      assert.equal(audit!.actor_id, acme.ownerId);
      assert.equal(audit!.entity_id, view.current!.id);
      assert.deepEqual((audit!.data as { previous: Array<{ id: string }> }).previous, [{ id: old!.id, kind: 'sepa' }]);
      assert.ok(audit!.created_at instanceof Date);

      const mails = (await outbox('acme')).slice(mailsBefore);
      assert.equal(mails.length, 1, 'the owner is also the billing address: one mail');
      assert.equal(mails[0]!.to_address, acme.ownerEmail);
      assert.match(mails[0]!.subject, /payment method has been changed/);
      assert.match(mails[0]!.text_body, /Visa •••• 4242 \(12\/2040\)/);
      assert.match(mails[0]!.text_body, new RegExp(`contract ${acme.contractNumber}`));

      // A retried request with the same token changes nothing and sends nothing.
      const again = await call(session, 'PUT', url('acme'), { kind: 'card', cardToken: token.body.token });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().current.id, view.current!.id);
      assert.equal((await methods(acme)).length, rows.length);
      assert.equal((await outbox('acme')).length, mailsBefore + 1);
    });

    it('replaces the card by invoice, then by a new SEPA mandate with its own reference', async () => {
      const session = await sessionFor(acme);
      const invoice = await call(session, 'PUT', url('acme'), { kind: 'invoice' });
      assert.equal(invoice.statusCode, 200, invoice.body);
      assert.equal(invoice.json().current.kind, 'invoice');
      assert.equal(invoice.json().current.masked, 'Invoice');
      const sepa = await call(session, 'PUT', url('acme'), {
        kind: 'sepa',
        holder: ' Olga Owner ',
        iban: 'de02 1203 0000 0000 2020 51',
      });
      assert.equal(sepa.statusCode, 200, sepa.body);
      const view = sepa.json() as PaymentMethodView;
      assert.equal(view.current?.masked, 'DE•• •••• •••• •••• 2051');
      assert.equal(view.current?.bic, 'BYLADEM1001', 'derived from the bank code');
      assert.equal(view.current?.holder, 'Olga Owner');
      const rows = await methods(acme);
      assert.deepEqual(
        rows.map((row) => [row.kind, row.status]),
        [
          ['sepa', 'replaced'],
          ['card', 'replaced'],
          ['invoice', 'replaced'],
          ['sepa', 'active'],
        ],
      );
      const references = rows.filter((row) => row.kind === 'sepa').map((row) => row.mandate_reference);
      assert.equal(new Set(references).size, 2, 'a new mandate gets a new reference');
      assert.equal(rows.at(-1)!.iban, NEW_IBAN);
      assert.equal(await contractMethod(acme), view.current!.id);
      const [mail] = (await outbox('acme')).slice(-1);
      assert.match(mail!.text_body, new RegExp(`Mandate reference ${view.current!.mandateReference}`));
    });

    it('writes the e-mail in the customer’s language and to the billing address too', async () => {
      await db()
        .updateTable('customers')
        .set({ email: 'billing@german.example' })
        .where('tenant_id', '=', 'german')
        .execute();
      const response = await call(await sessionFor(german), 'PUT', url('german'), { kind: 'invoice' });
      assert.equal(response.statusCode, 200, response.body);
      const mails = await outbox('german');
      assert.deepEqual(mails.map((mail) => mail.to_address).sort(), ['billing@german.example', german.ownerEmail]);
      assert.match(mails[0]!.subject, /Zahlungsart wurde geändert/);
      assert.match(mails[0]!.text_body, /Rechnung \(Überweisung\)/);
    });

    it('writes the e-mail in the language the portal shows, when it names one', async () => {
      const mails = (await outbox('german')).length;
      const session = await sessionFor(german);
      const response = await app.inject({
        method: 'PUT',
        url: url('german'),
        // Not the method the previous test left active (sending that again sends no e-mail).
        payload: { kind: 'sepa', holder: 'Olga Owner', iban: 'DE89370400440532013000' },
        headers: { authorization: `Bearer ${session}`, 'accept-language': 'fr' },
      });
      assert.equal(response.statusCode, 200, response.body);
      const mail = (await outbox('german')).slice(mails)[0]!;
      assert.doesNotMatch(mail.subject, /Zahlungsart/);
      assert.match(mail.text_body, /Prélèvement SEPA/);
    });

    it('describes the new method and the mandate in any catalog language (French)', async () => {
      await db().updateTable('customers').set({ language: 'fr' }).where('tenant_id', '=', 'german').execute();
      try {
        const mails = (await outbox('german')).length;
        const response = await call(await sessionFor(german), 'PUT', url('german'), {
          kind: 'sepa',
          holder: 'Olga Owner',
          iban: NEW_IBAN,
        });
        assert.equal(response.statusCode, 200, response.body);
        const view = response.json() as PaymentMethodView;
        const mail = (await outbox('german')).slice(mails)[0]!;
        assert.match(mail.text_body, /Prélèvement SEPA, DE•• •••• •••• •••• 2051/);
        assert.ok(
          mail.text_body.includes(
            `Référence unique du mandat ${view.current!.mandateReference}, identifiant créancier ${view.sepa.creditorId} (`,
          ),
          mail.text_body,
        );
      } finally {
        await db().updateTable('customers').set({ language: 'de' }).where('tenant_id', '=', 'german').execute();
      }
    });

    it('changes nothing when a later step fails: one transaction', async () => {
      // A real trigger makes the e-mail insert (the last step) fail for this tenant only.
      await sql`create function refuse_outbox() returns trigger language plpgsql as $$
        begin raise exception 'outbox refused'; end $$`.execute(db());
      await sql`create trigger refuse_outbox before insert on email_outbox for each row
        when (new.tenant_id = 'broken') execute function refuse_outbox()`.execute(db());
      try {
        const [before] = await active(broken);
        const response = await call(await sessionFor(broken), 'PUT', url('broken'), { kind: 'invoice' });
        assert.equal(response.statusCode, 500);
        assert.deepEqual(
          (await methods(broken)).map((row) => [row.id, row.status]),
          [[before!.id, 'active']],
        );
        assert.equal(await contractMethod(broken), before!.id);
        assert.equal((await audits('broken')).length, 0);
      } finally {
        await sql`drop trigger refuse_outbox on email_outbox`.execute(db());
        await sql`drop function refuse_outbox()`.execute(db());
      }
    });

    it('serialises concurrent replacements: exactly one method stays active', async () => {
      const [first, second] = [await sessionFor(acme), await sessionFor(acme)];
      const results = await Promise.all([
        call(first, 'PUT', url('acme'), { kind: 'invoice' }),
        call(second, 'PUT', url('acme'), { kind: 'sepa', holder: 'Olga Owner', iban: IBAN }),
      ]);
      assert.deepEqual(
        results.map((result) => result.statusCode),
        [200, 200],
      );
      const current = await active(acme);
      assert.equal(current.length, 1);
      assert.equal(await contractMethod(acme), current[0]!.id);
    });
  });

  describe('bad input keeps the old method', () => {
    it('refuses a declined card at the tokens endpoint, and unknown or foreign tokens at the PUT', async () => {
      const session = await sessionFor(acme);
      const [before] = await active(acme);
      const declined = await cardToken('acme', { ...SUCCESS_CARD, number: '4000 0000 0000 0002' });
      assert.equal(declined.status, 402);
      assert.equal(declined.body.error.code, 'card_declined');
      const foreign = await cardToken('strict');
      for (const cardToken of ['sbx_forged.signature', foreign.body.token as string, '']) {
        const response = await call(session, 'PUT', url('acme'), { kind: 'card', cardToken });
        assert.equal(response.statusCode, 400, cardToken);
        assert.equal(response.json().error.code, 'invalid_request');
        assert.ok(response.json().error.fields['payment.cardToken'], cardToken);
      }
      assert.deepEqual(
        (await active(acme)).map((row) => row.id),
        [before!.id],
      );
    });

    it('puts an invalid IBAN, BIC or missing holder on its field', async () => {
      const session = await sessionFor(acme);
      const [before] = await active(acme);
      const mails = (await outbox('acme')).length;
      const response = await call(session, 'PUT', url('acme'), {
        kind: 'sepa',
        holder: '',
        iban: 'DE89370400440532013001',
        bic: 'NOPE',
      });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(Object.keys(response.json().error.fields).sort(), [
        'payment.bic',
        'payment.holder',
        'payment.iban',
      ]);
      assert.match(response.json().error.fields['payment.iban'], /not valid/);
      assert.deepEqual(
        (await active(acme)).map((row) => row.id),
        [before!.id],
      );
      assert.equal((await outbox('acme')).length, mails);
      for (const body of [null, ['sepa'], {}, { kind: 'bitcoin' }]) {
        const bad = await call(session, 'PUT', url('acme'), body);
        assert.equal(bad.statusCode, 400, JSON.stringify(body));
      }
    });

    it('refuses a method the tenant does not enable', async () => {
      const session = await sessionFor(strict);
      assert.deepEqual((await call(session, 'GET', url('strict'))).json().enabledKinds, ['sepa']);
      for (const payload of [
        { kind: 'invoice' },
        { kind: 'card', cardToken: (await cardToken('strict')).body.token },
      ]) {
        const response = await call(session, 'PUT', url('strict'), payload);
        assert.equal(response.statusCode, 400);
        assert.match(response.json().error.fields['payment.kind'], /not available/);
      }
      assert.equal((await active(strict))[0]!.kind, 'sepa');
    });
  });

  describe('permissions', () => {
    it('refuses without the payment permission or when the tenant hides payment data', async () => {
      const member = await db()
        .insertInto('persons')
        .values({
          tenant_id: 'strict',
          customer_id: strict.customerId,
          email: 'member@strict.example',
          role: 'member',
          permissions: ['invoices', 'contract'],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const memberSession = await sessionFor(strict, member.id);
      assert.equal((await call(memberSession, 'GET', url('strict'))).statusCode, 403);
      const put = await call(memberSession, 'PUT', url('strict'), { kind: 'sepa', holder: 'M', iban: NEW_IBAN });
      assert.equal(put.statusCode, 403);
      const hiddenSession = await sessionFor(hidden);
      assert.equal((await call(hiddenSession, 'GET', url('hidden'))).statusCode, 403);
      assert.equal((await call(hiddenSession, 'PUT', url('hidden'), { kind: 'invoice' })).statusCode, 403);
      assert.equal((await active(strict))[0]!.iban, IBAN);
      assert.equal((await active(hidden))[0]!.kind, 'sepa');
    });

    it("refuses another tenant's session and never touches another tenant's methods", async () => {
      const session = await sessionFor(hidden);
      const response = await call(session, 'PUT', url('strict'), { kind: 'sepa', holder: 'X', iban: NEW_IBAN });
      assert.ok([401, 404].includes(response.statusCode), String(response.statusCode));
      const strictSession = await sessionFor(strict);
      const own = await call(strictSession, 'PUT', url('strict'), { kind: 'sepa', holder: 'S', iban: NEW_IBAN });
      assert.equal(own.statusCode, 200);
      assert.equal((await active(hidden))[0]!.iban, IBAN, 'the hidden tenant keeps its method');
      assert.equal((await methods(hidden)).length, 1);
    });
  });
});
