import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createSelfServiceLink } from '../access/links.ts';
import { migrations } from '../db/migrate.ts';
import type { DB } from '../db/schema.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';
import { addUsage } from '../testing/usage.ts';

type Bucket = [string, string, string, string, string | null, string | null, string, number];

/** Every bucket as the statistics have always counted it: the raw records grouped by tenant-local day. */
async function directAggregate(db: Kysely<DB>): Promise<Bucket[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select r.tenant_id, r.contract_id, r.component_id,
           to_char((r.occurred_at at time zone t.time_zone)::date, 'YYYY-MM-DD') as day,
           r.dimension_kind, r.dimension_value, sum(r.quantity)::text as quantity, count(*)::int as records
    from usage_records r join tenants t on t.id = r.tenant_id
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6`.execute(db);
  return rows.map((row) => Object.values(row) as Bucket);
}

/** The rollup's rows in the same shape and order. */
async function rollup(db: Kysely<DB>): Promise<Bucket[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select tenant_id, contract_id, component_id, to_char(day, 'YYYY-MM-DD') as day,
           dimension_kind, dimension_value, quantity::text as quantity, records::int as records
    from usage_daily
    order by 1, 2, 3, 4, 5, 6`.execute(db);
  return rows.map((row) => Object.values(row) as Bucket);
}

async function assertExact(db: Kysely<DB>, message: string): Promise<Bucket[]> {
  const expected = await directAggregate(db);
  assert.deepEqual(await rollup(db), expected, message);
  return expected;
}

describeEachDatabase('usage daily rollup', (database) => {
  const db = () => database().db;
  let app: FastifyInstance;
  let acme: TenantWithCustomer;
  let other: TenantWithCustomer;
  let ids: { callsId: string; storageId: string };

  before(async () => {
    app = await testApp(database());
    acme = await createTenantWithCustomer(db(), 'acme');
    ids = await addUsage(db(), acme);
    other = await createTenantWithCustomer(db(), 'other');
    await addUsage(db(), other);
  });
  after(() => app.close());

  async function statistics(tenant: TenantWithCustomer, query: string) {
    const { token } = await createSelfServiceLink(db(), { tenantId: tenant.tenantId, contractId: tenant.contractId });
    const session = await openSession(app, tenant.tenantId, token);
    const response = await app.inject({
      url: `/api/portal/${tenant.tenantId}/contracts/${tenant.contractId}/usage?${query}`,
      headers: { authorization: `Bearer ${session}` },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as {
      days: Array<{ date: string; quantities: Record<string, number> }>;
      totals: Array<{ componentId: string; quantity: number }>;
      dimensions: Array<{ key: string }>;
    };
  }

  /**
   * On PostgreSQL, a pool of its own on the test database, so that concurrent transactions really overlap (and its
   * connections are closed long before the harness drops the database); PGlite has one connection and runs them one
   * after another.
   */
  async function concurrentDb(): Promise<{ db: Kysely<DB>; close: () => Promise<void> }> {
    if (database().kind !== 'postgres') return { db: db(), close: async () => undefined };
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db());
    const url = new URL(process.env.PORTICO_TEST_DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    const own = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: `${url}` }) }) });
    return { db: own, close: () => own.destroy() };
  }

  const record = (
    tenant: TenantWithCustomer,
    componentId: string,
    at: string,
    quantity: number,
    dimension: [string, string] | null = null,
    externalId: string | null = null,
  ) => ({
    tenant_id: tenant.tenantId,
    contract_id: tenant.contractId,
    component_id: componentId,
    occurred_at: new Date(at),
    quantity,
    dimension_kind: dimension?.[0] ?? null,
    dimension_value: dimension?.[1] ?? null,
    external_id: externalId,
  });

  it('holds one bucket per tenant, contract, component, tenant-local day and dimension after inserts', async () => {
    const buckets = await assertExact(db(), 'after addUsage');
    const acmeBuckets = buckets.filter((bucket) => bucket[0] === 'acme');
    // Six records; the two of 15 October differ in dimension, so each is a bucket of its own.
    assert.equal(acmeBuckets.length, 6);
    assert.deepEqual(
      acmeBuckets.find((bucket) => bucket[3] === '2026-10-01'),
      ['acme', acme.contractId, ids.callsId, '2026-10-01', 'token', 'alpha', '1000', 1],
    );
    await db()
      .insertInto('usage_records')
      .values([
        record(acme, ids.callsId, '2026-10-01T08:00:00Z', 5, ['token', 'alpha']),
        record(acme, ids.callsId, '2026-10-01T09:00:00Z', 6, ['token', 'alpha']),
        record(acme, ids.storageId, '2026-10-20T13:00:00Z', 3),
      ])
      .execute();
    const after = await assertExact(db(), 'after a multi-row insert into existing buckets');
    assert.deepEqual(
      after.find((bucket) => bucket[0] === 'acme' && bucket[3] === '2026-10-01'),
      ['acme', acme.contractId, ids.callsId, '2026-10-01', 'token', 'alpha', '1011', 3],
    );
    const body = await statistics(acme, 'month=2026-10');
    assert.deepEqual(body.days[0]!.quantities, { [ids.callsId]: 1011, [ids.storageId]: 0 });
    assert.deepEqual(
      body.totals.map((total) => total.quantity),
      [3511, 10],
    );
  });

  it('counts an idempotent insert by external id once, and an upsert by external id as an update', async () => {
    const insert = (quantity: number) =>
      db()
        .insertInto('usage_records')
        .values(record(acme, ids.callsId, '2026-10-05T10:00:00Z', quantity, ['ip', '10.0.0.2'], 'evt-1'))
        .onConflict((oc) => oc.columns(['tenant_id', 'external_id']).where('external_id', 'is not', null).doNothing())
        .execute();
    await insert(40);
    await insert(40);
    await insert(40);
    await assertExact(db(), 'after repeated idempotent inserts');
    let body = await statistics(acme, 'month=2026-10&dimension=ip:10.0.0.2');
    assert.equal(body.totals[0]!.quantity, 40);

    await db()
      .insertInto('usage_records')
      .values(record(acme, ids.callsId, '2026-10-05T10:00:00Z', 45, ['ip', '10.0.0.2'], 'evt-1'))
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'external_id'])
          .where('external_id', 'is not', null)
          .doUpdateSet({ quantity: (eb) => eb.ref('excluded.quantity') }),
      )
      .execute();
    await assertExact(db(), 'after an upsert that corrects the quantity');
    body = await statistics(acme, 'month=2026-10&dimension=ip:10.0.0.2');
    assert.equal(body.totals[0]!.quantity, 45);
  });

  it('follows updates of quantity, time, dimension and component, and deletes', async () => {
    const added = await db()
      .insertInto('usage_records')
      .values([
        record(acme, ids.callsId, '2026-10-10T10:00:00Z', 100, ['token', 'gamma']),
        record(acme, ids.callsId, '2026-10-10T11:00:00Z', 200, ['token', 'gamma']),
        record(acme, ids.callsId, '2026-10-11T11:00:00Z', 300),
      ])
      .returning('id')
      .execute();
    const [first, second, third] = added.map((row) => row.id) as [number, number, number];
    await assertExact(db(), 'after inserting the records to change');

    await db().updateTable('usage_records').set({ quantity: 150 }).where('id', '=', first).execute();
    await assertExact(db(), 'after a quantity update');
    // Across the tenant-local midnight: 22:30 UTC on 11 October is 12 October in Berlin.
    await db()
      .updateTable('usage_records')
      .set({ occurred_at: new Date('2026-10-11T22:30:00Z') })
      .where('id', '=', second)
      .execute();
    await assertExact(db(), 'after moving a record to the next tenant-local day');
    await db()
      .updateTable('usage_records')
      .set({ dimension_kind: 'ip', dimension_value: '10.0.0.9' })
      .where('id', '=', third)
      .execute();
    await assertExact(db(), 'after giving a record a dimension');
    await db().updateTable('usage_records').set({ component_id: ids.storageId }).where('id', '=', third).execute();
    await assertExact(db(), 'after moving a record to another component');
    // A multi-row update that touches several buckets of both tenants at once.
    await db()
      .updateTable('usage_records')
      .set((eb) => ({ quantity: eb('quantity', '+', 1) }))
      .where('occurred_at', '>=', new Date('2026-10-01T00:00:00Z'))
      .execute();
    await assertExact(db(), 'after a multi-row update');

    let body = await statistics(acme, 'month=2026-10');
    assert.ok(body.dimensions.some((d) => d.key === 'token:gamma'));
    await db().deleteFrom('usage_records').where('dimension_value', '=', 'gamma').execute();
    await assertExact(db(), 'after deleting every record of a dimension');
    body = await statistics(acme, 'month=2026-10');
    // The dimension is no longer offered: its buckets went with their last records.
    assert.ok(!body.dimensions.some((d) => d.key === 'token:gamma'));
    const gone = await sql<{ n: number }>`
      select count(*)::int as n from usage_daily where dimension_value = 'gamma' or records <= 0`.execute(db());
    assert.equal(gone.rows[0]!.n, 0);

    await db().deleteFrom('usage_records').where('id', '=', third).execute();
    await assertExact(db(), 'after deleting a single record');
  });

  it('is written in the transaction of the change: visible inside it, gone when it rolls back', async () => {
    const before = await rollup(db());
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await trx
            .insertInto('usage_records')
            .values(record(acme, ids.callsId, '2026-10-03T10:00:00Z', 77, ['token', 'delta']))
            .execute();
          await assertExact(trx, 'inside the transaction');
          assert.ok((await rollup(trx)).some((bucket) => bucket[5] === 'delta'));
          throw new Error('roll back');
        }),
      /roll back/,
    );
    assert.deepEqual(await rollup(db()), before);
  });

  it('stays exact with concurrent transactions writing to the same buckets', async () => {
    const zeta = (quantity: number) => [
      record(acme, ids.callsId, '2026-10-07T10:00:00Z', quantity, ['token', 'zeta']),
      record(acme, ids.storageId, '2026-10-07T11:00:00Z', 1),
    ];
    const writers = await concurrentDb();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        writers.db.transaction().execute((trx) =>
          trx
            .insertInto('usage_records')
            .values(zeta(i + 1))
            .execute(),
        ),
      ),
    );
    const buckets = await assertExact(db(), 'after concurrent inserts');
    assert.deepEqual(
      buckets.find((bucket) => bucket[5] === 'zeta'),
      ['acme', acme.contractId, ids.callsId, '2026-10-07', 'token', 'zeta', '36', 8],
    );
    const rows = await db().selectFrom('usage_records').where('dimension_value', '=', 'zeta').select('id').execute();
    await Promise.all([
      ...rows.map((row) =>
        writers.db.transaction().execute((trx) => trx.deleteFrom('usage_records').where('id', '=', row.id).execute()),
      ),
      ...[100, 200].map((quantity) =>
        writers.db.transaction().execute((trx) => trx.insertInto('usage_records').values(zeta(quantity)).execute()),
      ),
    ]);
    await writers.close();
    const after = await assertExact(db(), 'after concurrent deletes and inserts');
    assert.deepEqual(
      after.find((bucket) => bucket[5] === 'zeta'),
      ['acme', acme.contractId, ids.callsId, '2026-10-07', 'token', 'zeta', '300', 2],
    );
  });

  it('buckets a write made during a time-zone change by the new time zone', async () => {
    const writers = await concurrentDb();
    let changed!: () => void;
    let release!: () => void;
    const zoneChanged = new Promise<void>((resolve) => (changed = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const zoneChange = writers.db.transaction().execute(async (trx) => {
      await sql`update tenants set time_zone = 'UTC' where id = 'acme'`.execute(trx);
      changed();
      await gate;
    });
    await zoneChanged;
    // 23:30 UTC on 12 October: 13 October in Berlin, 12 October in UTC.
    const insert = writers.db
      .insertInto('usage_records')
      .values(record(acme, ids.callsId, '2026-10-12T23:30:00Z', 5, ['token', 'eta']))
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await Promise.all([zoneChange, insert]);
    await writers.close();
    const buckets = await assertExact(db(), 'after a write during a time-zone change');
    assert.equal(buckets.find((bucket) => bucket[5] === 'eta')?.[3], '2026-10-12');
    await sql`update tenants set time_zone = 'Europe/Berlin' where id = 'acme'`.execute(db());
    await assertExact(db(), 'after changing the time zone back');
  });

  it('counts days in the tenant time zone, also with a 45-minute offset, and rebuilds when it changes', async () => {
    const nepal = await createTenantWithCustomer(db(), 'nepal');
    const nepalIds = await addUsage(db(), nepal);
    const otherBefore = await statistics(other, 'month=2026-10');
    await sql`update tenants set time_zone = 'Asia/Kathmandu' where id = 'nepal'`.execute(db());
    await assertExact(db(), 'after the time zone change');
    // Midnight in Kathmandu (UTC+5:45) is 18:15 UTC of the day before.
    await db()
      .insertInto('usage_records')
      .values([
        record(nepal, nepalIds.callsId, '2026-10-09T18:14:00Z', 1),
        record(nepal, nepalIds.callsId, '2026-10-09T18:15:00Z', 10),
      ])
      .execute();
    await assertExact(db(), 'after records at the Kathmandu midnight');
    const body = await statistics(nepal, 'month=2026-10');
    const day = (date: string) => body.days.find((d) => d.date === date)!.quantities[nepalIds.callsId];
    assert.equal(day('2026-10-09'), 1);
    assert.equal(day('2026-10-10'), 10);
    // 21:30 and 22:30 UTC on 30 September are 1 October in Kathmandu; 23:30 UTC on 31 October is 1 November.
    assert.equal(day('2026-10-01'), 1000 + 42);
    assert.equal(body.totals[0]!.quantity, 1000 + 42 + 2000 + 500 + 1 + 10);
    // The other tenants' buckets are untouched by the rebuild.
    assert.deepEqual(await statistics(other, 'month=2026-10'), otherBefore);
  });

  it('backfills the records written before the migration', async () => {
    const expected = await directAggregate(db());
    const migration = migrations['002_usage_daily']!;
    await migration.down!(db() as Kysely<unknown>);
    await db()
      .insertInto('usage_records')
      .values(record(acme, ids.storageId, '2026-10-21T10:00:00Z', 9, ['token', 'epsilon']))
      .execute();
    await migration.up(db() as Kysely<unknown>);
    const backfilled = await assertExact(db(), 'after the backfill');
    assert.equal(backfilled.length, expected.length + 1);
    await db()
      .insertInto('usage_records')
      .values(record(acme, ids.storageId, '2026-10-21T11:00:00Z', 1, ['token', 'epsilon']))
      .execute();
    await assertExact(db(), 'the triggers work again after the migration ran anew');
  });

  it('repairs a database that applied an earlier draft of the rollup (migration 004)', async () => {
    // Such a database has another trigger function (here one that forgets every change) and the stricter check.
    await sql`create or replace function usage_daily_apply() returns trigger language plpgsql as $$
      begin return null; end $$`.execute(db());
    await sql`alter table usage_daily drop constraint usage_daily_records_check,
      add constraint usage_daily_records_check check (records > 0)`.execute(db());
    await db()
      .insertInto('usage_records')
      .values(record(acme, ids.storageId, '2026-10-22T10:00:00Z', 4, ['token', 'repair']))
      .execute();
    assert.notDeepEqual(await rollup(db()), await directAggregate(db()), 'the stale trigger misses the insert');

    const repair = migrations['004_usage_daily_repair']!;
    await repair.up(db() as Kysely<unknown>);
    await repair.up(db() as Kysely<unknown>); // harmless when run on a database that needs nothing
    const { rows } = await sql<{ check: string; source: string }>`
      select pg_get_constraintdef(c.oid) as check, p.prosrc as source
      from pg_constraint c, pg_proc p
      where c.conname = 'usage_daily_records_check' and p.proname = 'usage_daily_apply'`.execute(db());
    assert.equal(rows[0]!.check, 'CHECK ((records >= 0))');
    assert.match(rows[0]!.source, /for share/);
    await assertExact(db(), 'counted afresh, with the record the stale trigger missed');
    await db()
      .insertInto('usage_records')
      .values(record(acme, ids.storageId, '2026-10-22T11:00:00Z', 2, ['token', 'repair']))
      .execute();
    await assertExact(db(), 'after an insert with the repaired trigger');
    await db().deleteFrom('usage_records').where('dimension_value', '=', 'repair').execute();
    await assertExact(db(), 'after a delete with the repaired trigger');
  });

  it('follows cascading deletes of a contract and a truncate', async () => {
    await db().deleteFrom('contracts').where('tenant_id', '=', 'other').execute();
    const buckets = await assertExact(db(), 'after deleting a contract with usage');
    assert.ok(!buckets.some((bucket) => bucket[0] === 'other'));
    assert.ok(buckets.some((bucket) => bucket[0] === 'acme'));
    await sql`truncate usage_records`.execute(db());
    assert.deepEqual(await assertExact(db(), 'after truncate'), []);
  });
});
