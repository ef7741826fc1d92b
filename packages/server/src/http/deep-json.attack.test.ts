import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { publicRoutes, type PublicRoutes } from '../testing/public-routes.ts';
import { validOrder } from '../testing/signup.ts';

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels, as JSON text (JSON.stringify would recurse itself). */
function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/**
 * A body nested 5,000 levels deep fits in the order's 32 KB and passed its schema (the customer object is open), then
 * overflowed the stack in the idempotency hash (`canonicalJson` recurses): 500. Bodies are now limited in depth before
 * anything walks them: 400 `invalid_request` on the field.
 */
describeEachDemoDatabase('attack: deeply nested JSON bodies', (database) => {
  let r: PublicRoutes;
  before(async () => {
    r = await publicRoutes(database());
  });
  after(() => r.app.close());

  for (const kind of ['array', 'object'] as const) {
    it(`attack: an order with a 5,000-deep ${kind} in the customer is 400 and places no order`, async () => {
      const order = JSON.stringify(validOrder(r.variantId)).replace(
        '"customer":{',
        `"customer":{"extra":${nested(5000, kind)},`,
      );
      const response = await r.app.inject({
        method: 'POST',
        url: '/api/signup/demo/orders',
        headers: { 'idempotency-key': `deep-${kind}`, 'content-type': 'application/json' },
        payload: order,
      });
      assert.equal(response.statusCode, 400, response.body);
      const { error } = response.json() as { error: { code: string; fields: Record<string, string> } };
      assert.equal(error.code, 'invalid_request');
      assert.ok(
        Object.keys(error.fields).some((field) => field.startsWith('customer.extra')),
        response.body,
      );
      const orders = await database()
        .db.selectFrom('orders')
        .where('idempotency_key', '=', `deep-${kind}`)
        .select('id')
        .execute();
      assert.equal(orders.length, 0);
    });

    it(`attack: a 5,000-deep ${kind} in a price preview and a billing run is 400`, async () => {
      const preview = await r.app.inject({
        method: 'POST',
        url: '/api/signup/demo/preview',
        headers: { 'content-type': 'application/json' },
        payload: `{"planVariantId":"${r.variantId}","components":{},"customer":{"x":${nested(5000, kind)}}}`,
      });
      assert.equal(preview.statusCode, 400, preview.body);
      const run = await r.app.inject({
        method: 'POST',
        url: '/api/v1/billing-runs',
        headers: { authorization: `Bearer ${r.apiKey}`, 'content-type': 'application/json' },
        payload: `{"date":${nested(5000, kind)}}`,
      });
      assert.equal(run.statusCode, 400, run.body);
      assert.equal(run.json().error.code, 'invalid_request');
    });
  }

  it('an ordinary order (three levels) is still placed', async () => {
    const response = await r.app.inject({
      method: 'POST',
      url: '/api/signup/demo/orders',
      headers: { 'idempotency-key': 'deep-ordinary' },
      payload: validOrder(r.variantId),
    });
    assert.equal(response.statusCode, 201, response.body);
  });
});
