import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { defaultTenantSettings } from '../db/tenant.ts';
import { addMonths, todayIn } from '../contracts/dates.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';
import { addUsage } from '../testing/usage.ts';

describeEachDatabase('portal usage statistics', (database) => {
  let app: FastifyInstance;
  const db = () => database().db;
  let acme: TenantWithCustomer;
  let hidden: TenantWithCustomer;
  let ids: { callsId: string; storageId: string };
  let session: string;

  before(async () => {
    app = await testApp(database());
    acme = await createTenantWithCustomer(db(), 'acme');
    ids = await addUsage(db(), acme);
    const base = defaultTenantSettings().selfService;
    hidden = await createTenantWithCustomer(db(), 'hidden', {
      settings: { selfService: { ...base, displayedAreas: { ...base.displayedAreas, usage: false } } },
    });
    session = await sessionFor(acme);
  });
  after(() => app.close());

  async function sessionFor(tenant: TenantWithCustomer, personId = tenant.ownerId) {
    const { token } = await createSelfServiceLink(db(), {
      tenantId: tenant.tenantId,
      contractId: tenant.contractId,
      personId,
    });
    return openSession(app, tenant.tenantId, token);
  }
  const get = (path: string, as = session) => app.inject({ url: path, headers: { authorization: `Bearer ${as}` } });
  const url = (query: string, tenant = acme) =>
    `/api/portal/${tenant.tenantId}/contracts/${tenant.contractId}/usage?${query}`;

  describe('statistics', () => {
    it('aggregates a month by tenant-local day and component with prices', async () => {
      const response = await get(url('month=2026-10'));
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.month, '2026-10');
      assert.equal(body.currency, 'EUR');
      assert.equal(body.dimension, null);
      assert.equal(body.days.length, 31);
      assert.deepEqual(body.days[0], { date: '2026-10-01', quantities: { [ids.callsId]: 1000, [ids.storageId]: 0 } });
      assert.deepEqual(body.days[14].quantities, { [ids.callsId]: 2500, [ids.storageId]: 0 });
      assert.equal(body.days[30].quantities[ids.callsId], 0);
      assert.deepEqual(body.totals, [
        { componentId: ids.callsId, name: 'API calls', unit: 'call', units: {}, quantity: 3500, priceCents: 525 },
        { componentId: ids.storageId, name: 'Storage', unit: 'GB', units: {}, quantity: 7, priceCents: 14 },
      ]);
      assert.deepEqual(
        body.dimensions.map((d: { key: string }) => d.key),
        ['ip:10.0.0.1', 'token:alpha'],
      );
    });

    it('names the components in the language the element asks for (German)', async () => {
      await db()
        .updateTable('components')
        .set({ i18n: { de: { name: 'API-Aufrufe', unit: 'Aufruf' } } })
        .where('id', '=', ids.callsId)
        .execute();
      try {
        for (const headers of [{ 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' }, {}]) {
          const response = await app.inject({
            url: url(`month=2026-10${'accept-language' in headers ? '' : '&language=de'}`),
            headers: { authorization: `Bearer ${session}`, ...headers },
          });
          assert.equal(response.statusCode, 200);
          assert.deepEqual(
            response.json().totals.map((total: { name: string; unit: string }) => [total.name, total.unit]),
            [
              ['API-Aufrufe', 'Aufruf'],
              ['Storage', 'GB'],
            ],
            'translated where the catalog has German, else the base text',
          );
        }
        const english = (await get(url('month=2026-10'))).json();
        assert.equal(english.totals[0].name, 'API calls', "the session's language without a request language");
      } finally {
        await db().updateTable('components').set({ i18n: {} }).where('id', '=', ids.callsId).execute();
      }
    });

    it('names the unit per plural form where the catalog has them', async () => {
      await db()
        .updateTable('components')
        .set({
          i18n: {
            de: { unit: 'Aufruf', units: { one: 'Aufruf', other: 'Aufrufe' } },
            pl: {
              unit: 'wywołanie',
              units: { one: 'wywołanie', few: 'wywołania', many: 'wywołań', other: 'wywołania' },
            },
          },
        })
        .where('id', '=', ids.callsId)
        .execute();
      try {
        const units = async (language: string) =>
          (await get(url(`month=2026-10&language=${language}`)))
            .json()
            .totals.map((total: { units: object }) => total.units);
        assert.deepEqual(await units('de-AT'), [{ one: 'Aufruf', other: 'Aufrufe' }, {}]);
        assert.deepEqual((await units('pl'))[0], {
          one: 'wywołanie',
          few: 'wywołania',
          many: 'wywołań',
          other: 'wywołania',
        });
        assert.deepEqual((await units('fr'))[0], {}, 'no forms for a language the catalog lacks');
      } finally {
        await db().updateTable('components').set({ i18n: {} }).where('id', '=', ids.callsId).execute();
      }
    });

    it('shows only the days of the contract: none before it started, none after it ended', async () => {
      const dates = async () => {
        const body = (await get(url('month=2026-10'))).json();
        return { first: body.days[0]?.date, last: body.days.at(-1)?.date, count: body.days.length, body };
      };
      try {
        await db()
          .updateTable('contracts')
          .set({ start_date: '2026-10-10' })
          .where('id', '=', acme.contractId)
          .execute();
        const started = await dates();
        assert.deepEqual([started.first, started.last, started.count], ['2026-10-10', '2026-10-31', 22]);
        assert.equal(started.body.firstMonth, '2026-10', "the contract's first month, where the month picker starts");
        const sum = started.body.days.reduce(
          (total: number, day: { quantities: Record<string, number> }) => total + (day.quantities[ids.callsId] ?? 0),
          0,
        );
        assert.equal(started.body.totals[0].quantity, sum, 'the totals count the same days');

        await db()
          .updateTable('contracts')
          .set({ start_date: '2024-01-01', end_date: '2026-10-14' })
          .where('id', '=', acme.contractId)
          .execute();
        const ended = await dates();
        assert.deepEqual([ended.first, ended.last, ended.count], ['2026-10-01', '2026-10-14', 14]);
        assert.deepEqual(
          ended.body.totals.map((total: { quantity: number }) => total.quantity),
          [1000, 0],
          'usage after the end is left out',
        );

        await db().updateTable('contracts').set({ end_date: '2026-09-30' }).where('id', '=', acme.contractId).execute();
        const after = await dates();
        assert.equal(after.count, 0, 'a month after the end has no days');
        assert.deepEqual(
          after.body.totals.map((total: { quantity: number }) => total.quantity),
          [0, 0],
        );
      } finally {
        await db()
          .updateTable('contracts')
          .set({ start_date: '2024-01-01', end_date: null })
          .where('id', '=', acme.contractId)
          .execute();
      }
    });

    it('filters by a dimension', async () => {
      const body = (await get(url('month=2026-10&dimension=token:alpha'))).json();
      assert.equal(body.dimension, 'token:alpha');
      assert.equal(body.totals[0].quantity, 3000);
      assert.equal(body.totals[1].quantity, 0);
      const other = (await get(url('month=2026-10&dimension=token:beta'))).json();
      assert.equal(other.totals[0].quantity, 0);
    });

    it('defaults to the current month in the tenant time zone', async () => {
      const body = (await get(url(''))).json();
      assert.equal(body.month, todayIn('Europe/Berlin').slice(0, 7));
      assert.equal(body.days.at(-1).date, todayIn('Europe/Berlin'));
    });

    it('refuses a malformed or future month and an unknown or malformed dimension', async () => {
      const future = addMonths(`${todayIn('Europe/Berlin').slice(0, 7)}-01`, 1).slice(0, 7);
      for (const [query, field] of [
        ['month=2026-13', 'month'],
        ['month=26-10', 'month'],
        [`month=${future}`, 'month'],
        ['month=2026-10&dimension=token:nope', 'dimension'],
        ['month=2026-10&dimension=token', 'dimension'],
      ] as const) {
        const response = await get(url(query));
        assert.equal(response.statusCode, 400, query);
        assert.ok(response.json().error.fields[field], query);
      }
    });
  });

  describe('permissions', () => {
    it('refuses without the usage permission or when the area is hidden', async () => {
      const member = await db()
        .insertInto('persons')
        .values({
          tenant_id: 'acme',
          customer_id: acme.customerId,
          email: 'member@acme.example',
          role: 'member',
          permissions: ['invoices', 'contract'],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal((await get(url('month=2026-10'), await sessionFor(acme, member.id))).statusCode, 403);
      assert.equal((await get(url('month=2026-10', hidden), await sessionFor(hidden))).statusCode, 403);
    });

    it('answers 404 for a contract outside the session', async () => {
      const path = `/api/portal/acme/contracts/${hidden.contractId}/usage?month=2026-10`;
      assert.equal((await get(path)).statusCode, 404);
    });
  });
});
