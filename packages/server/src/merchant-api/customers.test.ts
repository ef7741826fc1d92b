import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer } from '../testing/portal.ts';
import { createApiKey } from './api-keys.ts';

describeEachDemoDatabase('merchant API: customers', (database) => {
  let app: FastifyInstance;
  let key: string;
  let otherKey: string;
  const db = () => database().db;

  before(async () => {
    app = await testApp(database());
    key = await createApiKey(db(), 'demo', 'customers test');
    await createTenantWithCustomer(db(), 'other');
    otherKey = await createApiKey(db(), 'other', 'other tenant');
  });
  after(() => app.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, apiKey = key) =>
    app.inject({ method, url: `/api/v1${url}`, payload, headers: { authorization: `Bearer ${apiKey}` } });

  it('creates a customer with the next customer number and an owner who may open the portal', async () => {
    const { customer_number: last } = await db()
      .selectFrom('number_sequences')
      .where('tenant_id', '=', 'demo')
      .where('kind', '=', 'customer')
      .select((eb) => eb.ref('next_value').as('customer_number'))
      .executeTakeFirstOrThrow();
    const created = await call('POST', '/customers', {
      email: ' Ada@Example.com ',
      company: 'Analytical Engines Ltd',
      firstName: 'Ada',
      lastName: 'Lovelace',
      country: 'gb',
      vatId: 'GB 123 4567 89',
      language: 'EN-gb',
    });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.equal(body.number, String(last));
    assert.equal(body.email, 'Ada@Example.com');
    assert.equal(body.country, 'GB');
    assert.equal(body.language, 'en-GB');
    assert.equal(body.street, null);
    assert.equal(body.persons.length, 1);
    assert.equal(body.persons[0].role, 'owner');
    assert.equal(body.persons[0].email, 'Ada@Example.com');
    assert.deepEqual(body.persons[0].permissions, ['invoices', 'usage', 'contract', 'payment', 'personnel']);
    assert.deepEqual((await call('GET', `/customers/${body.id}`)).json(), body);
    const audit = await db()
      .selectFrom('audit_log')
      .where('tenant_id', '=', 'demo')
      .where('entity_id', '=', body.id)
      .select('action')
      .execute();
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['customer.created'],
    );
  });

  it('refuses bad customer fields with a message on each, and creates nothing', async () => {
    const before = await db()
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [payload, field] of [
      [{ company: 'No e-mail' }, 'email'],
      [{ email: 'not an address' }, 'email'],
      [{ email: 'a@example.com', country: 'XX' }, 'country'],
      [{ email: 'a@example.com', country: 'DE', postalCode: '1' }, 'postalCode'],
      [{ email: 'a@example.com', nickname: 'x' }, 'nickname'],
      [{ email: 'a@example.com', language: 'not a language!' }, 'language'],
      [{ email: 'a@example.com', city: 'x'.repeat(201) }, 'city'],
    ] as const) {
      const response = await call('POST', '/customers', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().error.code, 'invalid_request');
      assert.ok(response.json().error.fields[field], `${JSON.stringify(payload)} → ${response.body}`);
    }
    for (const payload of [{ email: 42 }, [1]]) {
      const response = await call('POST', '/customers', payload as object);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().error.code, 'invalid_request');
    }
    const afterCount = await db()
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  it('changes only the fields sent, clears one sent empty, and raises the version', async () => {
    const created = (
      await call('POST', '/customers', { email: 'grace@example.com', city: 'Arlington', phone: '+1 555' })
    ).json();
    const changed = await call('PATCH', `/customers/${created.id}`, { city: 'New York', phone: '', language: 'de' });
    assert.equal(changed.statusCode, 200, changed.body);
    const body = changed.json();
    assert.deepEqual([body.email, body.city, body.phone, body.language], ['grace@example.com', 'New York', null, 'de']);
    assert.equal(body.version, created.version + 1);
    const cleared = await call('PATCH', `/customers/${created.id}`, { email: '' });
    assert.equal(cleared.statusCode, 400);
    assert.ok(cleared.json().error.fields.email);
    const same = await call('PATCH', `/customers/${created.id}`, { city: 'New York' });
    assert.equal(same.json().version, body.version, 'no change, no new version');
  });

  it('pages newest first with a cursor and filters by e-mail address and text', async () => {
    const tag = randomUUID().slice(0, 8);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(
        (await call('POST', '/customers', { email: `page${i}-${tag}@example.com`, company: `Pager ${tag}` })).json().id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { data: Array<{ id: string }>; hasMore: boolean; nextCursor: string | null } = (
        await call('GET', `/customers?text=${tag}&limit=2${cursor ? `&starting_after=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((customer: { id: string }) => customer.id));
      assert.equal(page.hasMore, page.nextCursor !== null);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse());
    assert.equal(pages, 3);

    const byEmail = (await call('GET', `/customers?email=PAGE3-${tag}@EXAMPLE.COM`)).json();
    assert.deepEqual(
      byEmail.data.map((customer: { id: string }) => customer.id),
      [ids[3]],
    );
    const wildcard = (await call('GET', `/customers?text=${encodeURIComponent('%')}`)).json();
    assert.equal(wildcard.data.length, 0, 'a % is a character to look for, not a wildcard');

    for (const query of ['limit=0', 'limit=101', 'limit=x', 'starting_after=nope', 'colour=red']) {
      const response = await call('GET', `/customers?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.json().error.code, 'invalid_request');
    }
  });

  it('deletes a customer without contracts, refuses one with contracts (409)', async () => {
    const lone = (await call('POST', '/customers', { email: 'lone@example.com' })).json();
    assert.equal((await call('DELETE', `/customers/${lone.id}`)).statusCode, 204);
    assert.equal((await call('GET', `/customers/${lone.id}`)).statusCode, 404);
    const persons = await db().selectFrom('persons').where('customer_id', '=', lone.id).select('id').execute();
    assert.equal(persons.length, 0);

    const contract = await db()
      .selectFrom('contracts')
      .where('tenant_id', '=', 'demo')
      .select('customer_id')
      .executeTakeFirstOrThrow();
    const refused = await call('DELETE', `/customers/${contract.customer_id}`);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'customer_has_contracts');
  });

  it("never shows, changes or deletes another tenant's customer", async () => {
    const theirs = (await call('GET', '/customers', undefined, otherKey)).json().data as Array<{ id: string }>;
    assert.ok(theirs.length >= 1);
    const id = theirs[0]!.id;
    assert.equal((await call('GET', `/customers/${id}`)).statusCode, 404);
    assert.equal((await call('PATCH', `/customers/${id}`, { city: 'Elsewhere' })).statusCode, 404);
    assert.equal((await call('DELETE', `/customers/${id}`)).statusCode, 404);
    const mine = (await call('GET', '/customers?limit=100')).json().data as Array<{ id: string }>;
    assert.ok(!mine.some((customer) => customer.id === id));
    assert.equal((await call('GET', `/customers?starting_after=${id}`)).json().data.length, 0);
  });
});
