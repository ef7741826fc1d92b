import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { publicRoutes, type PublicRoutes } from '../testing/public-routes.ts';

/**
 * Dates JavaScript's `Date` accepts but PostgreSQL refuses — 30 February (`Date.parse` rolls it over into March) and
 * the year 0000 (PostgreSQL has no year 0) — reached SQL and failed with 500. Each is refused with a 400 on its field.
 */
const IMPOSSIBLE = ['2024-02-30', '0000-01-01', '2023-02-29', '2024-04-31'];

function assertRefused(response: LightMyRequestResponse, field: string, code = 'invalid_request'): void {
  assert.equal(response.statusCode, 400, response.body);
  const { error } = response.json() as { error: { code: string; fields?: Record<string, string> } };
  assert.equal(error.code, code, response.body);
  assert.ok(error.fields?.[field], `expected a message on ${field}: ${response.body}`);
}

describeEachDemoDatabase('attack: impossible calendar dates', (database) => {
  let r: PublicRoutes;
  before(async () => {
    r = await publicRoutes(database());
  });
  after(() => r.app.close());
  const auth = () => ({ authorization: `Bearer ${r.session}` });
  const cursor = (date: string) =>
    Buffer.from(JSON.stringify([date, '00000000-0000-4000-8000-000000000000'])).toString('base64url');

  for (const date of IMPOSSIBLE) {
    it(`attack: an invoice cursor at ${date} is 400 invalid_filter on cursor`, async () => {
      const response = await r.app.inject({
        url: `/api/portal/demo/invoices?cursor=${cursor(date)}`,
        headers: auth(),
      });
      assertRefused(response, 'cursor', 'invalid_filter');
    });

    it(`attack: a billing run for ${date} is 400 on date and issues nothing`, async () => {
      const before = await database()
        .db.selectFrom('invoices')
        .select((eb) => eb.fn.countAll().as('n'))
        .execute();
      const response = await r.app.inject({
        method: 'POST',
        url: '/api/v1/billing-runs',
        headers: { authorization: `Bearer ${r.apiKey}` },
        payload: { date },
      });
      assertRefused(response, 'date');
      const after = await database()
        .db.selectFrom('invoices')
        .select((eb) => eb.fn.countAll().as('n'))
        .execute();
      assert.deepEqual(after, before);
    });

    it(`attack: a cancellation ending ${date} is 400 on endDate`, async () => {
      const response = await r.app.inject({
        method: 'POST',
        url: `/api/portal/demo/contracts/${r.contractId}/cancellation`,
        headers: auth(),
        payload: { endDate: date },
      });
      assertRefused(response, 'endDate');
    });
  }

  for (const month of ['0000-01', '0000-12']) {
    it(`attack: usage of month=${month} is 400 on month, for the statistics and every export`, async () => {
      assertRefused(
        await r.app.inject({ url: `/api/portal/demo/contracts/${r.contractId}/usage?month=${month}`, headers: auth() }),
        'month',
      );
      for (const format of ['csv', 'json', 'xlsx', 'pdf']) {
        assertRefused(
          await r.app.inject({
            url: `/api/portal/demo/contracts/${r.contractId}/usage/export?format=${format}&month=${month}`,
            headers: auth(),
          }),
          'month',
        );
      }
    });
  }

  it('real dates still work: 29 February of a leap year, year 0001', async () => {
    const leap = await r.app.inject({
      url: `/api/portal/demo/invoices?cursor=${cursor('2024-02-29')}`,
      headers: auth(),
    });
    assert.equal(leap.statusCode, 200, leap.body);
    const early = await r.app.inject({
      url: `/api/portal/demo/invoices?cursor=${cursor('0001-01-01')}`,
      headers: auth(),
    });
    assert.equal(early.statusCode, 200, early.body);
    const usage = await r.app.inject({
      url: `/api/portal/demo/contracts/${r.contractId}/usage?month=2026-01`,
      headers: auth(),
    });
    assert.equal(usage.statusCode, 200, usage.body);
  });
});
