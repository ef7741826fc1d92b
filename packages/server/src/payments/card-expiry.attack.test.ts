import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { publicRoutes, type PublicRoutes } from '../testing/public-routes.ts';

/**
 * A card expiry year of 99999999999 was tokenised and then failed with 500 when the order or the portal stored it
 * (`card_exp_year` is an integer column). The year is a four-digit year at tokenisation; a month beyond 12 as well.
 */
describeEachDemoDatabase('attack: card expiry years and months beyond any calendar', (database) => {
  let r: PublicRoutes;
  before(async () => {
    r = await publicRoutes(database());
  });
  after(() => r.app.close());

  const tokenize = (expMonth: number, expYear: number) =>
    r.app.inject({
      method: 'POST',
      url: '/api/payments/sandbox/demo/tokens',
      payload: { number: '4242 4242 4242 4242', expMonth, expYear, cvc: '123', holder: 'Mia Keller' },
    });

  for (const [month, year] of [
    [12, 99999999999],
    [12, 2 ** 31],
    [12, 1e308],
    [99999999999, 2040],
  ] as const) {
    it(`attack: a card expiring ${month}/${year} is refused at tokenisation (400), never stored`, async () => {
      const response = await tokenize(month, year);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.code, 'invalid_request');
    });
  }

  it('a card expiring 12/9999 is tokenised and used by the portal without a 500', async () => {
    const card = await tokenize(12, 9999);
    assert.equal(card.statusCode, 200, card.body);
    const response = await r.app.inject({
      method: 'PUT',
      url: '/api/portal/demo/payment-method',
      headers: { authorization: `Bearer ${r.session}` },
      payload: { kind: 'card', cardToken: card.json().token },
    });
    assert.ok(response.statusCode < 500, response.body);
  });
});
