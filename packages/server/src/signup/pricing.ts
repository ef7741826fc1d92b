import type { Coupon } from '../db/schema.ts';
import { scoped } from '../db/tenant.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { checkCoupon } from '../billing/coupons.ts';
import { ymd } from '../contracts/dates.ts';
import { priceOrder, type PriceResult } from '../billing/preview.ts';
import { decideTax } from '../billing/tax.ts';
import type { SignupContext } from './context.ts';
import type { CustomerInput } from '@portico/core';
import type { Component } from '../db/schema.ts';

export interface PricedDraft {
  price: PriceResult;
  coupon: Coupon | null;
}

/** Prices a checked draft: coupon lookup, tax by the customer's country and VAT ID, the arithmetic. */
export async function priceDraft(
  db: Kysely<DB>,
  context: SignupContext,
  draft: {
    components: Array<{ component: Component; quantity: number }>;
    couponCode?: string | undefined;
    customer: CustomerInput;
  },
  now: Date,
): Promise<PricedDraft> {
  let coupon: Coupon | null = null;
  let couponError: string | null = null;
  const code = draft.couponCode?.trim();
  if (code && !context.settings.signup.couponField) {
    couponError = 'This signup form does not take coupon codes.';
  } else if (code) {
    const check = await checkCoupon(scoped(db, context.tenant.id), code, context.variant.planId, now);
    if (check.ok) coupon = check.coupon;
    else couponError = check.message;
  }
  const tax = decideTax({
    tenantCountry: context.tenant.country,
    customerCountry: draft.customer.country,
    vatId: draft.customer.vatId,
  });
  const price = priceOrder({
    variant: context.variant,
    components: draft.components,
    coupon,
    couponError,
    tax,
    today: ymd(now),
  });
  return { price, coupon };
}
