import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { ContractDetails, Dashboard, PortalSession, SignupConfig } from '@portico/core';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';
import { openSession } from '../testing/portal.ts';

describeEachDemoDatabase('catalog texts and wording per language', (database) => {
  let app: FastifyInstance;
  let variantId: string;
  let contractId: string;

  before(async () => {
    const db = database().db;
    app = await testApp(database());
    variantId = (
      await db
        .selectFrom('plan_variants')
        .where('tenant_id', '=', 'demo')
        .where('allow_signup', '=', true)
        .where('name', '=', 'Monthly')
        .select('id')
        .executeTakeFirstOrThrow()
    ).id;
    contractId = (
      await db
        .selectFrom('contracts')
        .where('tenant_id', '=', 'demo')
        .where('contract_number', '=', '20001')
        .select('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => app.close());

  async function config(language: string): Promise<SignupConfig> {
    const response = await app.inject(`/api/signup/demo/plan-variants/${variantId}/config?language=${language}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<SignupConfig>();
  }

  it('the signup config names plan, variants, components and usage fees in the requested language', async () => {
    const en = await config('en');
    const de = await config('de');
    const fr = await config('fr');
    assert.equal(en.variant.variantName, 'Monthly');
    assert.equal(de.variant.variantName, 'Monatlich');
    assert.equal(fr.variant.variantName, 'Mensuel');
    assert.deepEqual(
      fr.siblings.map((s) => s.variantName),
      ['Mensuel', 'Annuel'],
    );
    assert.match(fr.variant.description, /petites équipes/);
    assert.match(de.variant.description, /kleine Teams/);
    assert.deepEqual(
      de.components.map((c) => c.name),
      ['Zusätzliche Plätze', 'Priorisierter Support'],
    );
    assert.deepEqual(
      fr.usageFees.map((c) => [c.name, c.unit]),
      [
        ['Appels API', 'appel'],
        ['Documents signés', 'document'],
      ],
    );
    // A regional tag uses its base language; a language the tenant does not offer gets the default.
    assert.equal((await config('de-AT')).variant.variantName, 'Monthly');
    assert.equal((await config('ja')).variant.variantName, 'Monthly');
  });

  it("the signup config carries the tenant's replacement texts", async () => {
    const body = await config('de');
    const tenant = body.tenant as SignupConfig['tenant'] & { stringOverrides?: Record<string, Record<string, string>> };
    assert.deepEqual(tenant.stringOverrides, {
      en: { 'Order summary': 'Your subscription at a glance' },
      de: { s51c649dc2fcd2283: 'Ihr Abo auf einen Blick' },
    });
  });

  it("the portal session has the customer's language and the tenant's texts; dashboard and contract follow the language", async () => {
    const link = await createSelfServiceLink(database().db, { tenantId: 'demo', contractId, language: 'de' });
    const exchanged = await app.inject({
      method: 'POST',
      url: '/api/portal/demo/session',
      payload: { token: link.token },
    });
    const session = exchanged.json<PortalSession>();
    assert.equal(session.customerLanguage, 'de');
    assert.equal(session.language, 'de');
    assert.equal(session.stringOverrides?.de?.s51c649dc2fcd2283, 'Ihr Abo auf einen Blick');

    const sessionToken = await openSession(app, 'demo', link.token);
    const get = async <T>(url: string, headers: Record<string, string> = {}) => {
      const response = await app.inject({ url, headers: { authorization: `Bearer ${sessionToken}`, ...headers } });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<T>();
    };
    // Without a language in the request: the session's (the link's German).
    const dashboard = await get<Dashboard>('/api/portal/demo/dashboard');
    const contract = dashboard.contracts.find((c) => c.id === contractId)!;
    assert.ok(['Monatlich', 'Jährlich'].includes(contract.variantName), contract.variantName);
    const details = await get<ContractDetails>(`/api/portal/demo/contracts/${contractId}`);
    assert.ok(details.components.length > 0);
    const english = await get<ContractDetails>(`/api/portal/demo/contracts/${contractId}?language=en`);
    assert.ok(['Monthly', 'Yearly'].includes(english.variantName));
    const german = new Map(details.components.map((c) => [c.id, c.name]));
    for (const component of english.components) assert.notEqual(german.get(component.id), component.name);
    // The language the element shows, sent as Accept-Language.
    const french = await get<ContractDetails>(`/api/portal/demo/contracts/${contractId}`, { 'accept-language': 'fr' });
    assert.ok(['Mensuel', 'Annuel'].includes(french.variantName), french.variantName);
    const frDashboard = await get<Dashboard>('/api/portal/demo/dashboard', { 'accept-language': 'fr-CA,fr;q=0.9' });
    assert.ok(['Mensuel', 'Annuel'].includes(frDashboard.contracts.find((c) => c.id === contractId)!.variantName));
  });

  it("a link without a language opens in the language on the customer record, else the tenant's", async () => {
    const db = database().db;
    const contract = await db
      .selectFrom('contracts')
      .where('id', '=', contractId)
      .select('customer_id')
      .executeTakeFirstOrThrow();
    await db.updateTable('customers').where('id', '=', contract.customer_id).set({ language: 'fr' }).execute();
    try {
      const link = await createSelfServiceLink(db, { tenantId: 'demo', contractId });
      const response = await app.inject({
        method: 'POST',
        url: '/api/portal/demo/session',
        payload: { token: link.token },
      });
      const session = response.json<PortalSession>();
      assert.equal(session.customerLanguage, 'fr');
      assert.equal(session.language, 'fr');
      await db.updateTable('customers').where('id', '=', contract.customer_id).set({ language: null }).execute();
      const plain = await createSelfServiceLink(db, { tenantId: 'demo', contractId });
      const exchanged = await app.inject({
        method: 'POST',
        url: '/api/portal/demo/session',
        payload: { token: plain.token },
      });
      const none = exchanged.json<PortalSession>();
      // A link then carries the tenant's default language (see access/links.ts).
      assert.equal(none.customerLanguage, 'en');
      assert.equal(none.language, 'en');
    } finally {
      await db.updateTable('customers').where('id', '=', contract.customer_id).set({ language: null }).execute();
    }
  });
});
