import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Component, Coupon } from '../db/schema.ts';
import { contractPrice } from './contract-price.ts';
import { couponEndsOn } from './coupons.ts';

const variant = {
  planName: 'Pro',
  variantName: 'Monthly',
  priceCents: 1000,
  currency: 'EUR',
  billingPeriodMonths: 1,
  trialDays: 0,
};
const component = (kind: Component['kind'], unitPriceCents: number, pricePerUnits = 1) =>
  ({ id: kind, kind, name: kind, unit_price_cents: unitPriceCents, price_per_units: pricePerUnits }) as Component;
const coupon = (durationMonths: number | null) =>
  ({
    id: 'c',
    code: 'TEN',
    kind: 'percent',
    percent: 10,
    amount_cents: null,
    duration_months: durationMonths,
  }) as Coupon;
const germany = { rateBasisPoints: 1900, reverseCharge: false };

describe('the price of a contract', () => {
  it('ends a coupon with the last period that starts within its months', () => {
    assert.equal(couponEndsOn(coupon(3), '2026-01-15', 1), '2026-04-14');
    // A yearly period that starts within the 3 months gets the coupon for the whole year.
    assert.equal(couponEndsOn(coupon(3), '2026-01-01', 12), '2026-12-31');
    assert.equal(couponEndsOn(coupon(1), '2026-01-31', 1), '2026-02-27');
    assert.equal(couponEndsOn(coupon(null), '2026-01-01', 1), null);
  });

  it('prices a full period: plan, quantity and on/off components, the coupon while it lasts, tax', () => {
    const components = [
      { component: component('quantity', 500), quantity: 2 },
      { component: component('on_off', 4900), quantity: 1 },
      { component: component('metered', 150, 1000), quantity: 0 },
    ];
    const during = contractPrice({
      variant,
      components,
      coupon: coupon(3),
      tax: germany,
      anchor: '2026-01-01',
      periodStart: '2026-03-01',
    });
    assert.deepEqual(during.discount, { code: 'TEN', amountCents: 690, endsOn: '2026-03-31' });
    assert.equal(during.netCents, 6210);
    assert.equal(during.taxCents, 1180);
    assert.equal(during.grossCents, 7390);
    assert.equal(during.grossAfterDiscountCents, 8211);
    const after = contractPrice({
      variant,
      components,
      coupon: coupon(3),
      tax: germany,
      anchor: '2026-01-01',
      periodStart: '2026-04-01',
    });
    assert.equal(after.discount, null, 'the coupon has run out');
    assert.equal(after.grossCents, 8211);
    assert.equal(after.grossAfterDiscountCents, null);
  });
});
