import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { defaultTenantSettings } from '../db/tenant.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

// The portal's e-mails go out in the customer's language, else the tenant's default, in the tenant's branding.
describeEachDatabase('portal e-mails in the customer language', (database) => {
  let app: FastifyInstance;
  let tenant: TenantWithCustomer;
  const db = () => database().db;

  before(async () => {
    app = await testApp(database());
    const base = defaultTenantSettings();
    tenant = await createTenantWithCustomer(db(), 'lingua', {
      settings: {
        languages: { default: 'de', available: ['de', 'en', 'fr'] },
        branding: { ...base.branding, primaryColor: '#7A1F5C', logoUrl: 'https://cdn.lingua.example/logo.png' },
      },
    });
  });
  after(() => app.close());

  const session = async () => {
    const { token } = await createSelfServiceLink(db(), {
      tenantId: tenant.tenantId,
      contractId: tenant.contractId,
      personId: tenant.ownerId,
    });
    return openSession(app, tenant.tenantId, token);
  };
  const outbox = (to: string) =>
    db()
      .selectFrom('email_outbox')
      .where('tenant_id', '=', tenant.tenantId)
      .where('to_address', '=', to)
      .orderBy('created_at', 'desc')
      .select(['subject', 'text_body', 'html_body'])
      .execute();
  const setLanguage = (language: string | null) =>
    db().updateTable('customers').set({ language }).where('id', '=', tenant.customerId).execute();

  it("uses the tenant's default language when the customer has none (request a link)", async () => {
    await setLanguage(null);
    const response = await app.inject({
      method: 'POST',
      url: `/api/portal/${tenant.tenantId}/request-link`,
      payload: { contractNumber: tenant.contractNumber, email: tenant.ownerEmail.toUpperCase() },
    });
    assert.equal(response.statusCode, 202);
    let mails = await outbox(tenant.ownerEmail);
    for (let attempt = 0; mails.length === 0 && attempt < 100; attempt++) {
      await delay(50);
      mails = await outbox(tenant.ownerEmail);
    }
    const [mail] = mails;
    assert.ok(mail, 'the link was mailed');
    assert.equal(mail.subject, 'Ihr Link zum Kundenportal von Tenant lingua');
    assert.match(
      mail.text_body,
      /^Hallo Olga Owner,\n\nHier ist Ihr neuer Link zum Kundenportal von Tenant lingua \(Vertrag C-lingua\)\. Er gilt bis \d+\. \p{L}+ \d{4} um \d\d:\d\d UTC\./u,
    );
    assert.match(mail.html_body ?? '', /<html lang="de" dir="ltr">/);
    assert.match(mail.text_body, /\/lingua\/portal\?language=de#token=/, 'the portal opens in the same language');
    assert.match(mail.html_body ?? '', /<img src="https:\/\/cdn\.lingua\.example\/logo\.png" alt="Tenant lingua"/);
    assert.match(mail.html_body ?? '', /background:#7a1f5c;color:#ffffff/);
  });

  it('sends a requested link in the language the portal shows, and the link opens in it', async () => {
    await setLanguage('de');
    const before = (await outbox(tenant.ownerEmail)).length;
    const response = await app.inject({
      method: 'POST',
      url: `/api/portal/${tenant.tenantId}/request-link`,
      headers: { 'accept-language': 'fr' },
      payload: { contractNumber: tenant.contractNumber, email: tenant.ownerEmail },
    });
    assert.equal(response.statusCode, 202);
    let mails = await outbox(tenant.ownerEmail);
    for (let attempt = 0; mails.length === before && attempt < 100; attempt++) {
      await delay(50);
      mails = await outbox(tenant.ownerEmail);
    }
    const [mail] = mails;
    assert.ok(mails.length > before && mail, 'the link was mailed');
    assert.match(mail.html_body ?? '', /<html lang="fr" dir="ltr">/);
    assert.match(mail.text_body, /\/lingua\/portal\?language=fr#token=/, 'the portal opens in the same language');
    await setLanguage(null);
  });

  it("confirms a cancellation and its withdrawal in the customer's language", async () => {
    await setLanguage('fr');
    const token = await session();
    const headers = { authorization: `Bearer ${token}` };
    const url = `/api/portal/${tenant.tenantId}/contracts/${tenant.contractId}/cancellation`;
    assert.equal((await app.inject({ method: 'POST', url, headers, payload: {} })).statusCode, 200);
    assert.equal((await app.inject({ method: 'DELETE', url, headers })).statusCode, 200);
    const [withdrawn, cancelled] = await outbox(tenant.ownerEmail);
    assert.equal(cancelled!.subject, 'Contrat C-lingua résilié');
    assert.match(
      cancelled!.text_body,
      /^Bonjour Olga Owner,\n\nVotre contrat C-lingua est résilié ; il prend fin le \d{1,2}(er)? [a-zéû]+ \d{4}\./,
      'the end date in French (30 novembre 2026), not ISO',
    );
    assert.equal(withdrawn!.subject, 'Le contrat C-lingua se poursuit');
    assert.match(withdrawn!.text_body, /Cordialement\nTenant lingua\n$/);
  });

  it("invites a person in the customer's language", async () => {
    await setLanguage('fr');
    const response = await app.inject({
      method: 'POST',
      url: `/api/portal/${tenant.tenantId}/persons`,
      headers: { authorization: `Bearer ${await session()}` },
      payload: {
        email: 'invitee@lingua.example',
        firstName: 'Inès',
        lastName: '<b>Nouvelle</b>',
        role: 'member',
        permissions: ['invoices'],
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    const [mail] = await outbox('invitee@lingua.example');
    assert.ok(mail);
    // The subject names no inviter (free text a customer typed); the body does.
    assert.equal(mail.subject, 'Vous avez désormais accès au portail client de Tenant lingua');
    assert.match(mail.text_body, /avec le numéro de contrat C-lingua et votre adresse e-mail/);
    assert.match(mail.text_body, /^Bonjour Inès <b>Nouvelle<\/b>,/);
    assert.match(mail.html_body ?? '', /Inès &#60;b&#62;Nouvelle&#60;\/b&#62;/);
    assert.match(mail.text_body, /\nhttps?:\/\/\S+#token=\S+\n/);
  });
});
