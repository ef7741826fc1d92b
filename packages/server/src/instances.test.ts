import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { openDatabase, type Database } from './db/database.ts';
import { createFreshPostgresDatabase, openFreshPglite, testEngines } from './testing/databases.ts';
import { testApp } from './testing/app.ts';
import { signupFixture, validOrder, type SignupFixture } from './testing/signup.ts';
import { testSecrets } from './testing/secrets.ts';
import { openSession } from './testing/portal.ts';
import { createSelfServiceLink } from './access/links.ts';
import { withSecrets } from './secrets/secrets.ts';
import { ReadCache, withReadCache } from './db/read-cache.ts';
import { createApiKey } from './merchant-api/api-keys.ts';

/**
 * Several server instances side by side on one database (PRODUCT.md K): what one instance counts or issues,
 * the others see. On PostgreSQL each instance has its own connection pool; PGlite is one process's database, so
 * there the second instance has its own Kysely instance (and caches) on the same client.
 */
for (const engine of testEngines()) {
  describe(`two server instances on one database [${engine}]`, () => {
    const databases: Database[] = [];
    let drop: (() => Promise<void>) | undefined;
    let a: SignupFixture;
    let b: FastifyInstance;
    before(async () => {
      let second: Database;
      if (engine === 'pglite') {
        const first = await openFreshPglite();
        databases.push(first);
        // Another Kysely instance (its own key and read caches) on the same PGlite, with the same secret key.
        const cache = new ReadCache();
        const feed = await first.listen(cache);
        second = {
          ...first,
          db: withSecrets(withReadCache(first.db.withoutPlugins(), cache), testSecrets()),
          cache,
          close: () => feed.stop(),
        };
      } else {
        const fresh = await createFreshPostgresDatabase();
        drop = fresh.drop;
        databases.push(await openDatabase({ kind: 'postgres', url: fresh.url }, { secrets: testSecrets() }));
        second = await openDatabase({ kind: 'postgres', url: fresh.url }, { secrets: testSecrets() });
      }
      databases.push(second);
      a = await signupFixture(databases[0]!);
      b = await testApp(second);
    });
    after(async () => {
      await a?.app.close();
      await b?.close();
      for (const database of databases.reverse()) await database.close();
      await drop?.();
    });

    const requestLink = (app: FastifyInstance) =>
      app.inject({
        method: 'POST',
        url: '/api/portal/demo/request-link',
        payload: { contractNumber: '1', email: 'a@b.example' },
        remoteAddress: '198.51.100.77',
      });

    it('count link requests together: the 6th across both instances is refused, also after a restart', async () => {
      const answers = [];
      for (const app of [a.app, b, a.app, b, a.app]) answers.push((await requestLink(app)).statusCode);
      assert.deepEqual(answers, [202, 202, 202, 202, 202]);
      const sixth = await requestLink(b);
      assert.equal(sixth.statusCode, 429);
      assert.ok(Number(sixth.headers['retry-after']) > 14 * 60, sixth.headers['retry-after'] as string);
      const restarted = await testApp(databases[1]!);
      try {
        assert.equal((await requestLink(restarted)).statusCode, 429, 'a restarted instance remembers');
      } finally {
        await restarted.close();
      }
    });

    it('redeem a card token issued by the other instance', async () => {
      const issued = await a.app.inject({
        method: 'POST',
        url: '/api/payments/sandbox/demo/tokens',
        payload: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123', holder: 'Mia Keller' },
      });
      assert.equal(issued.statusCode, 200, issued.body);
      const order = await b.inject({
        method: 'POST',
        url: '/api/signup/demo/orders',
        headers: { 'idempotency-key': randomUUID() },
        payload: validOrder(a.business, { payment: { kind: 'card', cardToken: issued.json().token } }),
      });
      assert.equal(order.statusCode, 201, order.body);
      const method = await databases[1]!.db
        .selectFrom('payment_methods')
        .where('tenant_id', '=', 'demo')
        .where('customer_id', '=', order.json().customerId)
        .select(['kind', 'card_last4'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(method, { kind: 'card', card_last4: '4242' });
    });

    const config = async (app: FastifyInstance) => {
      const response = await app.inject(`/api/signup/demo/plan-variants/${a.business}/config?language=en`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { variant: { planName: string }; couponField: boolean };
    };
    /** Asks `app` until `done` holds of its answer; fails after 3 s (notifications arrive within milliseconds). */
    const eventually = async <T>(ask: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
      const until = Date.now() + 3000;
      for (;;) {
        const value = await ask();
        if (done(value) || Date.now() > until) return value;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    it('see a catalog text and a setting changed through the other instance, or by hand in SQL, within seconds', async () => {
      // Both instances hold the config in memory.
      assert.equal((await config(a.app)).variant.planName, 'Business');
      assert.equal((await config(b)).variant.planName, 'Business');
      assert.ok(databases[0]!.cache.live && databases[1]!.cache.live, 'both caches hear notifications');

      // A plain SQL update through instance A's connection: the trigger notifies instance B.
      await sql`update plans set name = 'Business Plus' where tenant_id = 'demo' and name = 'Business'`.execute(
        databases[0]!.db,
      );
      const renamed = await eventually(
        () => config(b),
        (answer) => answer.variant.planName === 'Business Plus',
      );
      assert.equal(renamed.variant.planName, 'Business Plus');
      assert.equal((await config(a.app)).variant.planName, 'Business Plus');

      // A settings change in a transaction through instance B reaches A.
      await databases[1]!.db.transaction().execute(async (trx) => {
        await sql`update tenant_settings set settings = jsonb_set(settings, '{signup,couponField}', 'false')
                  where tenant_id = 'demo'`.execute(trx);
      });
      const changed = await eventually(
        () => config(a.app),
        (answer) => answer.couponField === false,
      );
      assert.equal(changed.couponField, false);
      await sql`update plans set name = 'Business' where tenant_id = 'demo' and name = 'Business Plus'`.execute(
        databases[0]!.db,
      );
      await sql`update tenant_settings set settings = jsonb_set(settings, '{signup,couponField}', 'true')
                where tenant_id = 'demo'`.execute(databases[0]!.db);
    });

    it("see a customer's rows changed through the other instance, or by hand in SQL, within seconds; a sign-out at once", async () => {
      const order = await a.app.inject({
        method: 'POST',
        url: '/api/signup/demo/orders',
        headers: { 'idempotency-key': randomUUID() },
        payload: validOrder(a.business),
      });
      assert.equal(order.statusCode, 201, order.body);
      const { customerId, contractId } = order.json() as { customerId: string; contractId: string };
      const db = databases[0]!.db;
      const person = await db
        .selectFrom('persons')
        .where('tenant_id', '=', 'demo')
        .where('customer_id', '=', customerId)
        .select('id')
        .executeTakeFirstOrThrow();
      const { token } = await createSelfServiceLink(db, { tenantId: 'demo', contractId, personId: person.id });
      const session = await openSession(a.app, 'demo', token);
      const dashboard = (app: FastifyInstance) =>
        app.inject({ url: '/api/portal/demo/dashboard', headers: { authorization: `Bearer ${session}` } });
      const lists = async (app: FastifyInstance) => {
        const response = await dashboard(app);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as { contracts: unknown[]; pendingInvoices: unknown[] };
        return { contracts: body.contracts.length, pending: body.pendingInvoices.length };
      };
      // B placed an order in an earlier test: for a second after its own write it keeps no customer rows.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const first = await lists(b);
      assert.equal(first.contracts, 1);
      assert.deepEqual(await lists(b), first, 'the second answer comes from memory');

      // An invoice raised by hand in SQL through instance A: B's dashboard lists it.
      await sql`insert into invoices (tenant_id, customer_id, contract_id, number, kind, status, issue_date, due_date,
                  net_cents, tax_cents, gross_cents, currency)
                select tenant_id, customer_id, id, 'INV-CACHE-1', 'invoice', 'open', current_date, current_date + 14,
                  1000, 190, 1190, 'EUR'
                from contracts where tenant_id = 'demo' and id = ${contractId}`.execute(db);
      assert.deepEqual(
        await eventually(
          () => lists(b),
          (answer) => answer.pending === first.pending + 1,
        ),
        { contracts: 1, pending: first.pending + 1 },
      );
      // The person's right to see contracts taken away by hand: B stops showing them.
      await sql`update persons set permissions = array_remove(permissions, 'contract')
                where tenant_id = 'demo' and id = ${person.id}`.execute(db);
      assert.deepEqual(
        await eventually(
          () => lists(b),
          (answer) => answer.contracts === 0,
        ),
        { contracts: 0, pending: first.pending + 1 },
      );
      // Signed out through A: B refuses the session within seconds.
      assert.equal(
        (
          await a.app.inject({
            method: 'DELETE',
            url: '/api/portal/demo/session',
            headers: { authorization: `Bearer ${session}` },
          })
        ).statusCode,
        204,
      );
      const refused = await eventually(
        () => dashboard(b),
        (response) => response.statusCode === 401,
      );
      assert.equal(refused.statusCode, 401);
      // On the instance that signed out, at once.
      assert.equal((await dashboard(a.app)).statusCode, 401);
    });

    it("count a merchant API key's calls together: 100 pass, the 101st is 429 with Retry-After", async () => {
      const key = await createApiKey(databases[0]!.db, 'demo', 'rate limit test');
      const other = await createApiKey(databases[0]!.db, 'demo', 'rate limit test, other key');
      const list = (app: FastifyInstance, apiKey = key) =>
        app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: { authorization: `Bearer ${apiKey}` } });
      const remaining: number[] = [];
      for (let call = 0; call < 100; call += 1) {
        const response = await list(call % 2 === 0 ? a.app : b);
        assert.equal(response.statusCode, 200, `call ${call + 1}`);
        assert.equal(response.headers['ratelimit-limit'], '100');
        assert.ok(Number(response.headers['ratelimit-reset']) > 0);
        remaining.push(Number(response.headers['ratelimit-remaining']));
      }
      assert.deepEqual(
        remaining,
        Array.from({ length: 100 }, (_, call) => 99 - call),
      );
      for (const app of [b, a.app]) {
        const refused = await list(app);
        assert.equal(refused.statusCode, 429);
        assert.equal(refused.json().error.code, 'rate_limited');
        assert.equal(refused.headers['ratelimit-remaining'], '0');
        const retryAfter = Number(refused.headers['retry-after']);
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
      }
      // Another key of the tenant counts on its own.
      assert.equal((await list(b, other)).statusCode, 200);
    });

    it('give one effect for 100 concurrent POSTs with one Idempotency-Key, half of them on each instance', async () => {
      const key = await createApiKey(databases[0]!.db, 'demo', 'idempotency test');
      const idempotencyKey = randomUUID();
      const name = `key made once ${idempotencyKey}`;
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 === 0 ? a.app : b).inject({
            method: 'POST',
            url: '/api/v1/api-keys',
            headers: { authorization: `Bearer ${key}`, 'idempotency-key': idempotencyKey },
            payload: { name, scope: 'read' },
          }),
        ),
      );
      assert.deepEqual(new Set(answers.map((answer) => answer.statusCode)), new Set([201]));
      assert.equal(new Set(answers.map((answer) => answer.json().key)).size, 1, 'every answer names the same key');
      assert.equal(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true').length, 99);
      const made = await databases[0]!.db
        .selectFrom('api_keys')
        .where('tenant_id', '=', 'demo')
        .where('name', '=', name)
        .select('id')
        .execute();
      assert.equal(made.length, 1);
    });
  });
}
