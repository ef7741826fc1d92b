import type { ContractPrice } from '@portico/core';
import type { Component, Coupon } from '../db/schema.ts';
import { couponEndsOn } from './coupons.ts';
import { priceOrder, type PricedVariant } from './preview.ts';
import type { TaxDecision } from './tax.ts';

/**
 * What a full billing period of a contract costs as a billing run would price the period that starts on
 * `periodStart`: the plan, the quantity and on/off components at their quantities, the coupon while it lasts, and
 * tax. Metered usage is billed as used and not in these sums.
 */
export function contractPrice(input: {
  variant: PricedVariant;
  components: Array<{ component: Component; quantity: number }>;
  coupon: Coupon | null;
  tax: TaxDecision;
  /** The contract's first billed day (the day after its trial, else its start). */
  anchor: string;
  periodStart: string;
}): ContractPrice {
  const months = Math.max(1, input.variant.billingPeriodMonths);
  const endsOn = input.coupon ? couponEndsOn(input.coupon, input.anchor, months) : null;
  const coupon = input.coupon && (endsOn === null || input.periodStart <= endsOn) ? input.coupon : null;
  const price = (withCoupon: Coupon | null) =>
    priceOrder({
      variant: { ...input.variant, trialDays: 0 },
      components: input.components.filter(({ component }) => component.kind !== 'metered'),
      coupon: withCoupon,
      couponError: null,
      tax: input.tax,
      today: input.periodStart,
    });
  const now = price(coupon);
  return {
    discount: coupon && now.discount ? { code: coupon.code, amountCents: now.discount.amountCents, endsOn } : null,
    netCents: now.netCents,
    taxRateBasisPoints: now.taxRateBasisPoints,
    taxCents: now.taxCents,
    grossCents: now.grossCents,
    reverseCharge: now.reverseCharge,
    grossAfterDiscountCents: coupon && endsOn !== null ? price(null).grossCents : null,
  };
}
