import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { demoDatabaseWith } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { signupFixture, validOrder, type SignupFixture } from '../testing/signup.ts';
import { finishDocumentingOrders, orderTestHooks } from './create-order.ts';

/** A small pool with a short wait, so that a flood meets an exhausted pool for sure. */
const POOL = { size: 3, waitMs: 300 };

describeEachDatabase(
  'attack: a flood of orders from one merchant’s signup page',
  (database) => {
    let f: SignupFixture;
    let app: FastifyInstance;
    before(async () => {
      f = await signupFixture(database());
      // Rate limits high enough that the flood reaches the database: what is tested is the overload path.
      app = await testApp(database(), {
        trustProxy: true,
        limits: {
          ordersInFlightPerTenant: 2,
          ordersPerAddress: { limit: 1000, windowSeconds: 600 },
          ordersPerTenant: { limit: 1000, windowSeconds: 600 },
        },
      });
    });
    after(async () => {
      await app.close();
      await f.app.close();
    });

    const order = (address: string) =>
      app.inject({
        method: 'POST',
        url: '/api/signup/demo/orders',
        headers: { 'idempotency-key': randomUUID(), 'x-forwarded-for': address },
        payload: validOrder(f.business),
      });

    it('answers an exhausted pool 503 with Retry-After, not 500', async () => {
      // Every connection held by a transaction that waits: the next request finds none free.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const holding: Array<Promise<void>> = [];
      const holders = Array.from({ length: database().kind === 'postgres' ? POOL.size : 1 }, () => {
        let held!: () => void;
        holding.push(new Promise<void>((resolve) => (held = resolve)));
        return database()
          .db.transaction()
          .execute(async (trx) => {
            await sql`select 1`.execute(trx);
            held();
            await gate;
          });
      });
      await Promise.all(holding);
      try {
        const response = await app.inject({
          method: 'GET',
          url: `/api/signup/strict/plan-variants/${f.strict.variant}/config`,
        });
        assert.equal(response.statusCode, 503, response.body);
        assert.equal(response.headers['retry-after'], '5');
        assert.equal(response.json().error.code, 'unavailable');
      } finally {
        release();
        await Promise.all(holders);
      }
    });

    it('answers 200 concurrent orders 201, 429 or 503 — never 500 — while another merchant is still served', async () => {
      const completedOrders = async () =>
        Number(
          (
            await database()
              .db.selectFrom('orders')
              .where('tenant_id', '=', 'demo')
              .where('status', '=', 'completed')
              .select((eb) => eb.fn.countAll<number>().as('count'))
              .executeTakeFirstOrThrow()
          ).count,
        );
      const before = await completedOrders();
      // An order no longer renders its PDF in the request, so on a fast machine 200 of them can pass two places
      // without ever overlapping: each holds its transaction a little longer, as on a busier database.
      orderTestHooks.afterStep = (step) =>
        step === 'rows' ? new Promise((resolve) => setTimeout(resolve, 20)) : undefined;
      const flood = Array.from({ length: 200 }, (_, i) => order(`198.51.100.${i % 250}`));
      const other = app.inject({ method: 'GET', url: `/api/signup/strict/plan-variants/${f.strict.variant}/config` });
      const answers = await Promise.all(flood).finally(() => {
        delete orderTestHooks.afterStep;
      });
      const statuses = new Map<number, number>();
      for (const answer of answers) statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
      const unexpected = answers.filter((a) => ![201, 429, 503].includes(a.statusCode));
      assert.deepEqual(
        unexpected.map((a) => `${a.statusCode} ${a.body}`),
        [],
        `statuses: ${JSON.stringify([...statuses])}`,
      );
      assert.ok((statuses.get(503) ?? 0) > 0, `the flood met the overload path: ${JSON.stringify([...statuses])}`);
      assert.ok((statuses.get(201) ?? 0) > 0, `orders still went through: ${JSON.stringify([...statuses])}`);
      for (const refused of answers.filter((a) => a.statusCode === 503 || a.statusCode === 429)) {
        assert.ok(Number(refused.headers['retry-after']) >= 1, 'Retry-After on every refusal');
        assert.ok(['unavailable', 'rate_limited'].includes(refused.json().error.code));
      }
      const served = await other;
      assert.equal(served.statusCode, 200, served.body);

      // Every 201 is a complete order once the worker has made its document; a refused one left nothing behind.
      await finishDocumentingOrders(database().db);
      assert.equal((await completedOrders()) - before, statuses.get(201));
      const pending = await database()
        .db.selectFrom('orders')
        .where('tenant_id', '=', 'demo')
        .where('status', '!=', 'completed')
        .select('id')
        .execute();
      assert.deepEqual(pending, []);
    });
  },
  demoDatabaseWith(POOL),
);
