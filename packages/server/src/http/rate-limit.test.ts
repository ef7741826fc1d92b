import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../testing/databases.ts';
import { createTenant } from '../db/tenant.ts';
import { createRateLimiter } from './rate-limit.ts';

describeEachDatabase('rate limiter', (database) => {
  const db = () => database().db;
  const rule = { scope: 'test', limit: 3, windowSeconds: 600 };
  before(async () => {
    await createTenant(db(), { id: 'a', name: 'A' });
    await createTenant(db(), { id: 'b', name: 'B' });
  });

  it('allows the limit per window, then refuses with the seconds until the window ends', async () => {
    const limiter = createRateLimiter(db(), rule);
    const states = [];
    for (let i = 0; i < 5; i += 1) states.push(await limiter.hit('a', '192.0.2.1'));
    assert.deepEqual(
      states.map((state) => [state.allowed, state.remaining]),
      [
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
        [false, 0],
      ],
    );
    for (const state of states)
      assert.ok(state.resetSeconds > 590 && state.resetSeconds <= 600, `${state.resetSeconds}`);
  });

  it('counts per tenant, client key and scope', async () => {
    const limiter = createRateLimiter(db(), rule);
    for (let i = 0; i < 3; i += 1) await limiter.hit('a', '192.0.2.2');
    assert.equal((await limiter.hit('a', '192.0.2.2')).allowed, false);
    assert.equal((await limiter.hit('b', '192.0.2.2')).allowed, true, 'another tenant');
    assert.equal((await limiter.hit('a', '192.0.2.3')).allowed, true, 'another client');
    assert.equal((await createRateLimiter(db(), { ...rule, scope: 'other' }).hit('a', '192.0.2.2')).allowed, true);
  });

  it('counts concurrent hits of several limiters on the database together', async () => {
    // Two limiters on their own Kysely instances, as two server processes have.
    const limiters = [createRateLimiter(db(), rule), createRateLimiter(db().withoutPlugins(), rule)];
    const states = await Promise.all(Array.from({ length: 10 }, (_, i) => limiters[i % 2]!.hit('a', '192.0.2.4')));
    assert.equal(states.filter((state) => state.allowed).length, 3);
  });

  it('starts a new window once the old one has ended, and prunes ended windows', async () => {
    const limiter = createRateLimiter(db(), rule);
    for (let i = 0; i < 4; i += 1) await limiter.hit('a', '192.0.2.5');
    await db()
      .updateTable('rate_limits')
      .set({ window_ends_at: sql<Date>`now() - interval '1 second'` })
      .where('client_key', 'in', ['192.0.2.5', '192.0.2.6'])
      .execute();
    const fresh = await limiter.hit('a', '192.0.2.5');
    assert.deepEqual([fresh.allowed, fresh.remaining], [true, 2]);

    await createRateLimiter(db(), rule).hit('a', '192.0.2.6');
    await db()
      .updateTable('rate_limits')
      .set({ window_ends_at: sql<Date>`now() - interval '1 second'` })
      .execute();
    // A new limiter (a started process) prunes before its first hit.
    await createRateLimiter(db(), rule).hit('b', '192.0.2.7');
    const left = await db().selectFrom('rate_limits').select(['tenant_id', 'client_key', 'hits']).execute();
    assert.deepEqual(left, [{ tenant_id: 'b', client_key: '192.0.2.7', hits: 1 }]);
  });
});
