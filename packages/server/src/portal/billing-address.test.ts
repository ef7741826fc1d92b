import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { defaultTenantSettings } from '../db/tenant.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

describeEachDatabase('portal billing address', (database) => {
  let app: FastifyInstance;
  const db = () => database().db;
  let acme: TenantWithCustomer;
  let hidden: TenantWithCustomer;
  const url = (tenant: string) => `/api/portal/${tenant}/billing-address`;

  before(async () => {
    app = await testApp(database());
    const signup = defaultTenantSettings().signup;
    acme = await createTenantWithCustomer(db(), 'acme', {
      settings: { signup: { ...signup, fields: { ...signup.fields, phone: 'hidden', company: 'optional' } } },
    });
    const base = defaultTenantSettings().selfService;
    hidden = await createTenantWithCustomer(db(), 'hidden', {
      settings: { selfService: { ...base, displayedAreas: { ...base.displayedAreas, billingAddress: false } } },
    });
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
  const call = (session: string, method: 'GET' | 'PUT', path: string, payload?: object) =>
    app.inject({ method, url: path, payload, headers: { authorization: `Bearer ${session}` } });
  const complete = {
    email: 'billing@acme.example',
    company: 'Acme GmbH',
    firstName: 'Olga',
    lastName: 'Owner',
    street: 'Hauptstraße',
    houseNumber: '1',
    postalCode: '10115',
    city: 'Berlin',
    country: 'de',
  };

  describe('view and edit', () => {
    it('shows the visible fields with their requirements and a version', async () => {
      const response = await call(await sessionFor(acme), 'GET', url('acme'));
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.address.email, acme.ownerEmail);
      assert.equal('phone' in body.address, false);
      assert.equal(body.requirements.street, 'mandatory');
      assert.equal(body.requirements.company, 'optional');
      assert.equal(typeof body.version, 'number');
    });

    it('refuses invalid fields per the tenant requirements, changing nothing', async () => {
      const session = await sessionFor(acme);
      const { version } = (await call(session, 'GET', url('acme'))).json();
      const response = await call(session, 'PUT', url('acme'), {
        version,
        address: { ...complete, street: ' ', country: 'XX', email: 'nope', phone: '123' },
      });
      assert.equal(response.statusCode, 400);
      const fields = response.json().error.fields;
      assert.deepEqual(Object.keys(fields).sort(), [
        'address.country',
        'address.email',
        'address.phone',
        'address.street',
      ]);
      assert.equal((await call(session, 'GET', url('acme'))).json().version, version);
      const noVersion = await call(session, 'PUT', url('acme'), { address: complete });
      assert.equal(noVersion.statusCode, 400);
      assert.ok(noVersion.json().error.fields.version);
    });

    it("writes the field messages in the portal's language", async () => {
      const session = await sessionFor(acme);
      const { version } = (await call(session, 'GET', url('acme'))).json();
      const put = (language: string) =>
        app.inject({
          method: 'PUT',
          url: url('acme'),
          payload: { version, address: { ...complete, country: 'DE', vatId: 'NL123456789B01', email: 'nope' } },
          headers: { authorization: `Bearer ${session}`, 'accept-language': language },
        });
      const english = (await put('en')).json().error.fields;
      assert.equal(english['address.vatId'], 'This VAT ID is not from DE.');
      assert.equal(english['address.email'], 'Please enter an e-mail address like name@example.com.');
      const german = (await put('de-DE, en;q=0.5')).json().error.fields;
      assert.equal(german['address.vatId'], 'Diese USt-IdNr. stammt nicht aus DE.');
      assert.equal(german['address.email'], 'Bitte geben Sie eine E-Mail-Adresse wie name@example.com ein.');
    });

    it('saves a change, audits who changed what and bumps the version', async () => {
      const session = await sessionFor(acme);
      const { version } = (await call(session, 'GET', url('acme'))).json();
      const response = await call(session, 'PUT', url('acme'), { version, address: complete });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.address.street, 'Hauptstraße');
      assert.equal(body.address.country, 'DE');
      assert.equal(body.version, version + 1);
      const customer = await db()
        .selectFrom('customers')
        .where('tenant_id', '=', 'acme')
        .where('id', '=', acme.customerId)
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(customer.email, 'billing@acme.example');
      assert.equal(customer.postal_code, '10115');
      const audit = await db()
        .selectFrom('audit_log')
        .where('tenant_id', '=', 'acme')
        .where('action', '=', 'customer.billing_address_changed')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor_id, acme.ownerId);
      assert.equal(audit.entity_id, acme.customerId);
      assert.ok((audit.data as { changed: string[] }).changed.includes('street'));
    });

    it('tells the later of two concurrent edits instead of overwriting', async () => {
      const first = await sessionFor(acme);
      const second = await sessionFor(acme);
      const { version } = (await call(first, 'GET', url('acme'))).json();
      const ok = await call(first, 'PUT', url('acme'), { version, address: { ...complete, city: 'Hamburg' } });
      assert.equal(ok.statusCode, 200);
      const stale = await call(second, 'PUT', url('acme'), { version, address: { ...complete, city: 'Köln' } });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'version_conflict');
      assert.equal((await call(first, 'GET', url('acme'))).json().address.city, 'Hamburg');
    });
  });

  describe('permissions', () => {
    it('refuses without the contract permission or when the area is hidden', async () => {
      const member = await db()
        .insertInto('persons')
        .values({
          tenant_id: 'acme',
          customer_id: acme.customerId,
          email: 'member@acme.example',
          role: 'member',
          permissions: ['invoices'],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal((await call(await sessionFor(acme, member.id), 'GET', url('acme'))).statusCode, 403);
      const put = await call(await sessionFor(acme, member.id), 'PUT', url('acme'), { version: 1, address: complete });
      assert.equal(put.statusCode, 403);
      // Without access, what is wrong with the body is not told.
      const invalidPut = await call(await sessionFor(acme, member.id), 'PUT', url('acme'), { address: { x: 1 } });
      assert.equal(invalidPut.statusCode, 403);
      assert.equal((await call(await sessionFor(hidden), 'GET', url('hidden'))).statusCode, 403);
    });

    it("refuses another tenant's session", async () => {
      const response = await call(await sessionFor(hidden), 'GET', url('acme'));
      assert.ok([401, 404].includes(response.statusCode), String(response.statusCode));
    });
  });
});
