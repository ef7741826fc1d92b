import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';
import { createApiKey, ensureDemoApiKey } from './api-keys.ts';

describeEachDemoDatabase('merchant API: self-service tokens', (database) => {
  let app: FastifyInstance;
  let key: string;
  let contractId: string;
  let other: TenantWithCustomer;
  const db = () => database().db;

  before(async () => {
    app = await testApp(database());
    key = await createApiKey(db(), 'demo', 'test');
    const contract = await db()
      .selectFrom('contracts')
      .where('tenant_id', '=', 'demo')
      .where('contract_number', '=', '20001')
      .select('id')
      .executeTakeFirstOrThrow();
    contractId = contract.id;
    other = await createTenantWithCustomer(db(), 'other');
  });
  after(() => app.close());

  const issue = (id: string, authorization?: string, payload: object = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/contracts/${id}/self-service-token`,
      payload,
      headers: authorization ? { authorization } : {},
    });

  it('stores keys hashed, never in clear text', async () => {
    const rows = await db().selectFrom('api_keys').where('tenant_id', '=', 'demo').selectAll().execute();
    assert.ok(rows.length >= 1);
    for (const row of rows) {
      assert.notEqual(row.key_hash, key);
      assert.match(row.key_hash, /^[0-9a-f]{64}$/);
    }
  });

  it('refuses requests without a key or with a bad or revoked key (401)', async () => {
    const missing = await issue(contractId);
    assert.equal(missing.statusCode, 401);
    assert.equal(missing.json().error.code, 'api_key_missing');
    const bad = await issue(contractId, `Bearer ${key}x`);
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.code, 'api_key_invalid');
    const revokedKey = await createApiKey(db(), 'demo', 'old');
    await db().updateTable('api_keys').set({ revoked_at: new Date() }).where('name', '=', 'old').execute();
    assert.equal((await issue(contractId, `Bearer ${revokedKey}`)).statusCode, 401);
  });

  it('issues a token, URL and expiry that open the portal', async () => {
    const response = await issue(contractId, `Bearer ${key}`, {
      language: 'de',
      lifetimeSeconds: 600,
      action: 'payment',
    });
    assert.equal(response.statusCode, 200, response.body);
    const link = response.json();
    assert.match(link.url, /\/demo\/portal\?language=de#token=/);
    const remaining = Date.parse(link.expiresAt) - Date.now();
    assert.ok(remaining > 590_000 && remaining <= 600_000, String(remaining));
    await openSession(app, 'demo', link.token);
    const viaHeader = await app.inject({
      method: 'POST',
      url: `/api/v1/contracts/${contractId}/self-service-token`,
      headers: { 'x-api-key': key },
    });
    assert.equal(viaHeader.statusCode, 200);
  });

  it('answers 404 for a contract of another tenant or an unknown person, 400 for bad input', async () => {
    const foreign = await issue(other.contractId, `Bearer ${key}`);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().error.code, 'not_found');
    assert.equal((await issue('nope', `Bearer ${key}`)).statusCode, 404);
    assert.equal((await issue(contractId, `Bearer ${key}`, { personId: other.ownerId })).statusCode, 404);
    const lifetime = await issue(contractId, `Bearer ${key}`, { lifetimeSeconds: 10 });
    assert.equal(lifetime.statusCode, 400);
    assert.equal(lifetime.json().error.code, 'invalid_lifetime');
    const types = await issue(contractId, `Bearer ${key}`, { lifetimeSeconds: '600', language: 5 });
    assert.equal(types.statusCode, 400);
    assert.deepEqual(Object.keys(types.json().error.fields).sort(), ['language', 'lifetimeSeconds']);
  });

  it('uses PORTICO_DEMO_API_KEY as the demo key, or makes a fresh one and revokes the previous', async () => {
    const fromEnv = 'demo-key-from-the-environment-0123';
    assert.equal(await ensureDemoApiKey(db(), 'demo', fromEnv), fromEnv);
    assert.equal(await ensureDemoApiKey(db(), 'demo', fromEnv), fromEnv, 'idempotent across restarts');
    assert.equal((await issue(contractId, `Bearer ${fromEnv}`)).statusCode, 200);
    await assert.rejects(ensureDemoApiKey(db(), 'demo', 'short'), /at least 20 characters/);
    const first = await ensureDemoApiKey(db(), 'demo', undefined);
    const second = await ensureDemoApiKey(db(), 'demo', undefined);
    assert.equal((await issue(contractId, `Bearer ${first}`)).statusCode, 401);
    assert.equal((await issue(contractId, `Bearer ${second}`)).statusCode, 200);
    await assert.rejects(createApiKey(db(), 'other', 'stolen', fromEnv), /already in use/);
  });
});

describeEachDemoDatabase("merchant API: the app's clock", (database) => {
  it("takes a billing run's default date from the app's clock, in the tenant's time zone", async () => {
    // 23:30 UTC on 31 December is already 1 January in Berlin, the demo merchant's time zone.
    const app = await testApp(database(), { clock: () => new Date('2031-12-31T23:30:00Z') });
    try {
      const key = await createApiKey(database().db, 'demo', 'clock');
      const run = await app.inject({
        method: 'POST',
        url: '/api/v1/billing-runs',
        headers: { authorization: `Bearer ${key}` },
      });
      assert.equal(run.statusCode, 200, run.body);
      assert.equal(run.json().date, '2032-01-01');
    } finally {
      await app.close();
    }
  });
});
