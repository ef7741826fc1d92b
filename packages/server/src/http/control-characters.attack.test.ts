import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { publicRoutes, type PublicRoutes } from '../testing/public-routes.ts';
import { validOrder } from '../testing/signup.ts';

/**
 * Text PostgreSQL cannot store (a NUL byte) or that is no Unicode at all (a lone surrogate) reached the database and
 * failed there with 500. Each is refused at the edge: 400 `invalid_request` naming the field, and nothing is written.
 */
const BAD_TEXT = { 'a NUL byte': 'Mi\u0000a', 'a lone surrogate': 'Mi\ud800a' };

function assertRefused(response: LightMyRequestResponse, field: string, code = 'invalid_request'): void {
  assert.equal(response.statusCode, 400, response.body);
  const { error } = response.json() as { error: { code: string; fields?: Record<string, string> } };
  assert.equal(error.code, code, response.body);
  assert.ok(error.fields?.[field], `expected a message on ${field}: ${response.body}`);
}

describeEachDemoDatabase('attack: NUL bytes and lone surrogates in text that reaches the database', (database) => {
  let r: PublicRoutes;
  before(async () => {
    r = await publicRoutes(database());
  });
  after(() => r.app.close());
  const auth = () => ({ authorization: `Bearer ${r.session}` });

  for (const [what, bad] of Object.entries(BAD_TEXT)) {
    // A URL cannot carry a lone surrogate (percent-decoding refuses invalid UTF-8); its NUL is `%00`.
    const inUrl = what === 'a NUL byte' ? '%00' : '%ED%A0%80';

    it(`attack: ${what} in the tenant path segment of every public API is 400, not 500`, async () => {
      const urls: [string, string, object?][] = [
        ['GET', `/api/signup/de${inUrl}mo/plan-variants/${r.variantId}`],
        ['GET', `/api/signup/de${inUrl}mo/plan-variants/${r.variantId}/config`],
        ['GET', `/de${inUrl}mo/portal`],
        ['GET', `/de${inUrl}mo/signup/${r.variantId}`],
        ['GET', `/de${inUrl}mo/.well-known/jwks.json`],
        ['GET', `/de${inUrl}mo/payments/sandbox/card-frame`],
        ['GET', `/api/portal/de${inUrl}mo/dashboard`],
        [
          'POST',
          `/api/payments/sandbox/de${inUrl}mo/tokens`,
          { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123', holder: 'Mia' },
        ],
      ];
      for (const [method, url, payload] of urls) {
        const response = await r.app.inject({
          method: method as 'GET' | 'POST',
          url,
          payload,
          headers: { ...auth(), origin: 'https://shop.example' },
        });
        // A URL that is not UTF-8 is refused before routing, so no field is known; a NUL byte names the tenant.
        if (what === 'a NUL byte') assertRefused(response, 'tenant');
        else {
          assert.equal(response.statusCode, 400, response.body);
          assert.equal(response.json().error.code, 'invalid_request', response.body);
        }
      }
    });

    it(`attack: ${what} in a coupon code is 400 on couponCode`, async () => {
      const response = await r.app.inject({
        method: 'POST',
        url: '/api/signup/demo/preview',
        payload: { planVariantId: r.variantId, components: {}, customer: {}, couponCode: bad },
      });
      assertRefused(response, 'couponCode');
    });

    for (const field of ['firstName', 'lastName', 'city'] as const) {
      it(`attack: ${what} in the order's customer.${field} is 400 and places no order`, async () => {
        const order = validOrder(r.variantId);
        const response = await r.app.inject({
          method: 'POST',
          url: '/api/signup/demo/orders',
          headers: { 'idempotency-key': `control-${field}-${what}` },
          payload: { ...order, customer: { ...order.customer, [field]: bad } },
        });
        assertRefused(response, `customer.${field}`);
        const orders = await database()
          .db.selectFrom('orders')
          .where('idempotency_key', '=', `control-${field}-${what}`)
          .select('id')
          .execute();
        assert.equal(orders.length, 0);
      });
    }

    it(`attack: ${what} in the SEPA holder of an order and of the portal's payment method is 400`, async () => {
      const payment = { kind: 'sepa' as const, holder: bad, iban: 'DE89 3704 0044 0532 0130 00' };
      const order = await r.app.inject({
        method: 'POST',
        url: '/api/signup/demo/orders',
        headers: { 'idempotency-key': `control-holder-${what}` },
        payload: validOrder(r.variantId, { payment }),
      });
      assertRefused(order, 'payment.holder');
      const portal = await r.app.inject({
        method: 'PUT',
        url: '/api/portal/demo/payment-method',
        headers: auth(),
        payload: payment,
      });
      assertRefused(portal, 'payment.holder');
    });

    it(`attack: ${what} in the Idempotency-Key header is 400`, async () => {
      const response = await r.app.inject({
        method: 'POST',
        url: '/api/signup/demo/orders',
        headers: { 'idempotency-key': `key-${bad}` },
        payload: validOrder(r.variantId),
      });
      assertRefused(response, 'idempotency-key');
    });

    it(`attack: ${what} in an invited person's name is 400 invalid_person on firstName`, async () => {
      const response = await r.app.inject({
        method: 'POST',
        url: '/api/portal/demo/persons',
        headers: auth(),
        payload: { email: 'eve@example.com', firstName: bad, lastName: 'E', role: 'member', permissions: [] },
      });
      assertRefused(response, 'firstName', 'invalid_person'); // the route's own code for schema refusals
    });

    it(`attack: ${what} in the billing address city is 400 and changes nothing`, async () => {
      const view = (await r.app.inject({ url: '/api/portal/demo/billing-address', headers: auth() })).json() as {
        address: Record<string, string>;
        version: number;
      };
      const response = await r.app.inject({
        method: 'PUT',
        url: '/api/portal/demo/billing-address',
        headers: auth(),
        payload: { address: { ...view.address, city: bad }, version: view.version },
      });
      assertRefused(response, 'address.city');
      const again = (await r.app.inject({ url: '/api/portal/demo/billing-address', headers: auth() })).json() as {
        version: number;
      };
      assert.equal(again.version, view.version);
    });

    it(`attack: ${what} in a cancellation reason is 400 and cancels nothing`, async () => {
      const response = await r.app.inject({
        method: 'POST',
        url: `/api/portal/demo/contracts/${r.contractId}/cancellation`,
        headers: auth(),
        payload: { reason: bad },
      });
      assertRefused(response, 'reason');
      const contract = await database()
        .db.selectFrom('contracts')
        .where('id', '=', r.contractId)
        .select('cancelled_at')
        .executeTakeFirstOrThrow();
      assert.equal(contract.cancelled_at, null);
    });

    it(`attack: ${what} in the usage dimension is 400 on dimension`, async () => {
      const response = await r.app.inject({
        url: `/api/portal/demo/contracts/${r.contractId}/usage?dimension=token:a${inUrl}b`,
        headers: auth(),
      });
      assertRefused(response, 'dimension');
    });
  }

  it('text with right-to-left marks and other Unicode is still taken', async () => {
    const order = validOrder(r.variantId);
    const response = await r.app.inject({
      method: 'POST',
      url: '/api/signup/demo/orders',
      headers: { 'idempotency-key': 'control-unicode' },
      payload: { ...order, customer: { ...order.customer, firstName: 'مريم\u200f 😀', city: 'Zürich' } },
    });
    assert.equal(response.statusCode, 201, response.body);
  });
});
