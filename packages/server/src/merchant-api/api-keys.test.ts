import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer } from '../testing/portal.ts';
import { createApiKey } from './api-keys.ts';

describeEachDemoDatabase('merchant API: API keys, scopes and Idempotency-Key', (database) => {
  let app: FastifyInstance;
  let writeKey: string;
  let otherTenantKey: string;
  const db = () => database().db;

  before(async () => {
    app = await testApp(database());
    writeKey = await createApiKey(db(), 'demo', 'keys test');
    await createTenantWithCustomer(db(), 'other');
    otherTenantKey = await createApiKey(db(), 'other', 'other tenant');
  });
  after(() => app.close());

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, key: string, payload?: object, headers = {}) =>
    app.inject({ method, url: `/api/v1${url}`, payload, headers: { authorization: `Bearer ${key}`, ...headers } });

  it('creates a key shown once, lists keys without their secrets, and revokes one for good', async () => {
    const created = await call('POST', '/api-keys', writeKey, { name: 'CRM sync', scope: 'read' });
    assert.equal(created.statusCode, 201);
    const body = created.json();
    assert.match(body.key, /^pk_[A-Za-z0-9_-]{40,}$/);
    assert.equal(body.scope, 'read');
    assert.equal(body.lastUsedAt, null);

    assert.equal((await call('GET', '/api-keys', body.key)).statusCode, 200, 'the new key works at once');
    const listed = (await call('GET', '/api-keys', writeKey)).json().data as Array<Record<string, unknown>>;
    const entry = listed.find((key) => key.id === body.id)!;
    assert.equal(entry.name, 'CRM sync');
    assert.ok(entry.lastUsedAt, 'its last use is shown');
    assert.ok(listed.every((key) => !('key' in key) && !JSON.stringify(key).includes(body.key)));

    assert.equal((await call('DELETE', `/api-keys/${body.id}`, writeKey)).statusCode, 204);
    const refused = await call('GET', '/api-keys', body.key);
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().error.code, 'api_key_invalid');
    assert.equal((await call('DELETE', `/api-keys/${body.id}`, writeKey)).statusCode, 404, 'revoked already');
  });

  it('lets a read key read and nothing else (403 api_key_read_only)', async () => {
    const read = (await call('POST', '/api-keys', writeKey, { name: 'reporting', scope: 'read' })).json().key;
    assert.equal((await call('GET', '/api-keys', read)).statusCode, 200);
    for (const [method, url, payload] of [
      ['POST', '/api-keys', { name: 'escalation', scope: 'write' }],
      ['POST', '/billing-runs', {}],
      ['DELETE', `/api-keys/${randomUUID()}`, undefined],
    ] as const) {
      const refused = await call(method, url, read, payload);
      assert.equal(refused.statusCode, 403, `${method} ${url}`);
      assert.equal(refused.json().error.code, 'api_key_read_only');
    }
  });

  it("never shows or revokes another tenant's key", async () => {
    const others = (await call('GET', '/api-keys', otherTenantKey)).json().data as Array<{ id: string }>;
    assert.ok(others.length >= 1);
    const mine = (await call('GET', '/api-keys', writeKey)).json().data as Array<{ id: string }>;
    assert.ok(!mine.some((key) => others.some((other) => other.id === key.id)));
    for (const id of [others[0]!.id, 'not-a-uuid']) {
      assert.equal((await call('DELETE', `/api-keys/${id}`, writeKey)).statusCode, 404);
    }
    assert.equal((await call('GET', '/api-keys', otherTenantKey)).statusCode, 200, 'still valid');
  });

  it('refuses a new key with a missing name, an unknown scope or an unknown field (400)', async () => {
    for (const payload of [{ scope: 'read' }, { name: 'x', scope: 'admin' }, { name: 'x', scope: 'read', extra: 1 }]) {
      const response = await call('POST', '/api-keys', writeKey, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().error.code, 'invalid_request');
    }
  });

  it('replays the answer to a repeated Idempotency-Key and refuses the key for another request (422)', async () => {
    const idempotencyKey = randomUUID();
    const headers = { 'idempotency-key': idempotencyKey };
    const first = await call('POST', '/api-keys', writeKey, { name: 'once', scope: 'write' }, headers);
    assert.equal(first.statusCode, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await call('POST', '/api-keys', writeKey, { name: 'once', scope: 'write' }, headers);
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    assert.match(String(again.headers['content-type']), /application\/json/);

    const other = await call('POST', '/api-keys', writeKey, { name: 'twice', scope: 'write' }, headers);
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'idempotency_key_reused');
    const made = await db()
      .selectFrom('api_keys')
      .where('tenant_id', '=', 'demo')
      .where('name', 'in', ['once', 'twice'])
      .select('id')
      .execute();
    assert.equal(made.length, 1);

    // The same key string of another tenant is that tenant's own.
    const theirs = await call('POST', '/api-keys', otherTenantKey, { name: 'once', scope: 'write' }, headers);
    assert.equal(theirs.statusCode, 201);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
  });

  it('keeps an error answer of the handler, but never claims a key for a request its schema refuses', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const refused = await call('POST', '/api-keys', writeKey, { name: '', scope: 'write' }, headers);
    assert.equal(refused.statusCode, 400);
    const fixed = await call('POST', '/api-keys', writeKey, { name: 'after a fix', scope: 'write' }, headers);
    assert.equal(fixed.statusCode, 201, 'the corrected request runs under the same key');

    const billingHeaders = { 'idempotency-key': randomUUID() };
    const badDate = await call('POST', '/billing-runs', writeKey, { date: '2026-02-30' }, billingHeaders);
    assert.equal(badDate.statusCode, 400);
    const replayed = await call('POST', '/billing-runs', writeKey, { date: '2026-02-30' }, billingHeaders);
    assert.equal(replayed.statusCode, 400);
    assert.equal(replayed.headers['idempotent-replayed'], 'true');
  });

  it('refuses an empty or over-long Idempotency-Key (400 invalid_idempotency_key)', async () => {
    for (const value of [' ', 'k'.repeat(256)]) {
      const response = await call(
        'POST',
        '/api-keys',
        writeKey,
        { name: 'x', scope: 'read' },
        { 'idempotency-key': value },
      );
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'invalid_idempotency_key');
    }
  });
});
