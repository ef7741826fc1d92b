import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer } from '../testing/portal.ts';
import { createApiKey } from './api-keys.ts';

describeEachDemoDatabase('merchant API: usage records', (database) => {
  let app: FastifyInstance;
  let key: string;
  let contractId: string;
  let componentId: string;
  let periodStart: string;
  let quantityComponent: string;
  let otherContract: string;
  const db = () => database().db;

  before(async () => {
    app = await testApp(database());
    key = await createApiKey(db(), 'demo', 'usage test');
    const metered = await db()
      .selectFrom('contract_components as cc')
      .innerJoin('components as c', (j) =>
        j.onRef('c.tenant_id', '=', 'cc.tenant_id').onRef('c.id', '=', 'cc.component_id'),
      )
      .innerJoin('contracts as k', (j) =>
        j.onRef('k.tenant_id', '=', 'cc.tenant_id').onRef('k.id', '=', 'cc.contract_id'),
      )
      .where('cc.tenant_id', '=', 'demo')
      .where('c.kind', '=', 'metered')
      .where('k.status', 'in', ['active', 'trial'])
      .where('cc.ended_at', 'is', null)
      .select(['cc.contract_id', 'cc.component_id', 'k.current_period_start'])
      .orderBy('k.contract_number')
      .executeTakeFirstOrThrow();
    contractId = metered.contract_id;
    componentId = metered.component_id;
    periodStart = metered.current_period_start;
    const quantity = await db()
      .selectFrom('components')
      .where('tenant_id', '=', 'demo')
      .where('kind', '!=', 'metered')
      .select('id')
      .executeTakeFirstOrThrow();
    quantityComponent = quantity.id;
    otherContract = (await createTenantWithCustomer(db(), 'other-usage')).contractId;
  });
  after(() => app.close());

  const post = (records: object[]) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/usage-records',
      headers: { authorization: `Bearer ${key}` },
      payload: { records },
    });
  const counted = async () => {
    const { rows } = await sql<{ quantity: string | null; records: string | null }>`
      select sum(quantity)::text as quantity, sum(records)::text as records from usage_daily
      where tenant_id = 'demo' and contract_id = ${contractId} and component_id = ${componentId}`.execute(db());
    return { quantity: Number(rows[0]?.quantity ?? 0), records: Number(rows[0]?.records ?? 0) };
  };
  const record = (i: number, run: string, overrides: object = {}) => ({
    contractId,
    componentId,
    quantity: (i % 7) + 1,
    occurredAt: new Date(Date.now() - 60_000 - i).toISOString(),
    externalId: `${run}-${i}`,
    dimension: { kind: 'token', value: `token-${i % 3}` },
    ...overrides,
  });

  it('records 10,000 records at once, and the same again counts nothing twice', async () => {
    const run = randomUUID();
    const records = Array.from({ length: 10_000 }, (_, i) => record(i, run));
    const sum = records.reduce((total, r) => total + r.quantity, 0);
    const before = await counted();
    const first = await post(records);
    assert.equal(first.statusCode, 200, first.body.slice(0, 500));
    assert.deepEqual(first.json(), { received: 10_000, recorded: 10_000, duplicates: [] });
    const again = await post(records);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().recorded, 0);
    assert.equal(again.json().duplicates.length, 10_000);
    const now = await counted();
    assert.equal(now.quantity - before.quantity, sum);
    assert.equal(now.records - before.records, 10_000);
  });

  it('reports an externalId repeated within one call as a duplicate, and records without one every time', async () => {
    const run = randomUUID();
    const before = await counted();
    const response = await post([record(1, run), record(1, run), record(2, run, { externalId: undefined })]);
    assert.deepEqual(response.json(), { received: 3, recorded: 2, duplicates: [`${run}-1`] });
    assert.equal((await post([record(2, run, { externalId: undefined })])).json().recorded, 1);
    assert.equal((await counted()).records - before.records, 3);
  });

  it('counts a record once when two calls with it race', async () => {
    const run = randomUUID();
    const records = Array.from({ length: 200 }, (_, i) => record(i, run));
    const before = await counted();
    const [a, b] = await Promise.all([post(records), post(records)]);
    assert.equal(a.json().recorded + b.json().recorded, 200);
    assert.equal((await counted()).records - before.records, 200);
  });

  it('refuses the whole batch, naming each bad record, and records none of it', async () => {
    const run = randomUUID();
    const before = await counted();
    const dayBefore = new Date(`${periodStart}T00:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 2);
    const response = await post([
      record(0, run),
      record(1, run, { occurredAt: dayBefore.toISOString() }),
      record(2, run, { occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
      record(3, run, { componentId: quantityComponent }),
      record(4, run, { contractId: otherContract }),
      record(5, run, { contractId: randomUUID() }),
    ]);
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'invalid_request');
    assert.match(error.message, /5 problems/);
    assert.match(error.fields['records.1.occurredAt'], /already been invoiced/);
    assert.match(error.fields['records.2.occurredAt'], /future/);
    assert.ok(error.fields['records.3.componentId']);
    assert.ok(error.fields['records.4.contractId'], "another merchant's contract is not found");
    assert.ok(error.fields['records.5.contractId']);
    assert.equal(error.fields['records.0.occurredAt'], undefined);
    assert.deepEqual(await counted(), before);
  });

  it('refuses malformed batches with 400 and never a 5xx', async () => {
    const run = randomUUID();
    for (const payload of [
      { records: [] },
      { records: Array.from({ length: 10_001 }, (_, i) => record(i, run)) },
      { records: [{ ...record(0, run), quantity: -1 }] },
      { records: [{ ...record(0, run), quantity: 1.5 }] },
      { records: [{ ...record(0, run), occurredAt: 'yesterday' }] },
      { records: [{ ...record(0, run), colour: 'red' }] },
      { records: [{ ...record(0, run), contractId: 'not-a-uuid' }] },
      { records: [{ ...record(0, run), componentId: 'not-a-uuid' }] },
      {},
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/usage-records',
        headers: { authorization: `Bearer ${key}` },
        payload,
      });
      assert.equal(
        response.statusCode,
        400,
        `${JSON.stringify(payload).slice(0, 120)} → ${response.body.slice(0, 200)}`,
      );
    }
  });
});
