import type { OrderPreview, PreviewLine } from '@portico/core';
import { formatMoney } from '@portico/core';
import type { Component, Coupon } from '../db/schema.ts';
import { couponDescription, couponDiscount, couponEndsOn } from './coupons.ts';
import { addDays } from '../contracts/dates.ts';
import { taxOf, type TaxDecision } from './tax.ts';

export interface PricedVariant {
  planName: string;
  variantName: string;
  priceCents: number;
  currency: string;
  billingPeriodMonths: number;
  trialDays: number;
}

export interface PricedLine extends PreviewLine {
  componentId: string | null;
}

export interface PriceInput {
  variant: PricedVariant;
  /** Components with the chosen quantities (zero quantities are left out of the lines). */
  components: Array<{ component: Component; quantity: number }>;
  coupon: Coupon | null;
  couponError: string | null;
  tax: TaxDecision;
  /** 'YYYY-MM-DD' of the order. */
  today: string;
  /**
   * A shortened last period: the plan and the quantity and on/off components (billed in advance) cost `days` of
   * `of` days of the full period, each line rounded to cents. Metered usage (billed in arrears) is not shortened.
   */
  proRata?: { days: number; of: number };
}

export interface PriceResult extends OrderPreview {
  lines: PricedLine[];
}

/** Amount of `quantity` units of a component priced per `price_per_units` units, rounded to cents. */
export function componentAmount(component: Component, quantity: number): number {
  return Math.round((quantity * component.unit_price_cents) / Math.max(1, component.price_per_units));
}

/** The arithmetic of an order: lines, discount, net, tax, gross, what is due today and per period. */
export function priceOrder(input: PriceInput): PriceResult {
  const { variant, coupon, tax, proRata } = input;
  const share = (cents: number) => (proRata ? Math.round((cents * proRata.days) / proRata.of) : cents);
  const lines: PricedLine[] = [
    {
      kind: 'plan',
      description: `${variant.planName} – ${variant.variantName}`,
      quantity: 1,
      unitPriceCents: share(variant.priceCents),
      amountCents: share(variant.priceCents),
      componentId: null,
    },
  ];
  for (const { component, quantity } of input.components) {
    if (quantity <= 0) continue;
    lines.push({
      kind: 'component',
      description: component.name,
      quantity,
      unitPriceCents: component.unit_price_cents,
      amountCents:
        component.kind === 'metered'
          ? componentAmount(component, quantity)
          : share(componentAmount(component, quantity)),
      componentId: component.id,
    });
  }
  const subtotal = lines.reduce((sum, line) => sum + line.amountCents, 0);
  const discountCents = coupon ? couponDiscount(coupon, subtotal) : 0;
  const net = subtotal - discountCents;
  const taxCents = taxOf(net, tax.rateBasisPoints);
  const gross = net + taxCents;
  // The discount still applies after the first period when it lasts the whole contract or longer than one period.
  const discountRecurs =
    coupon !== null && (coupon.duration_months === null || coupon.duration_months > variant.billingPeriodMonths);
  const recurringNet = subtotal - (discountRecurs ? discountCents : 0);
  const trialEnd = variant.trialDays > 0 ? addDays(input.today, variant.trialDays) : null;
  // Billing starts after the trial (as the order counts it); the coupon runs out with the last period it reduces.
  const couponEnd = coupon ? couponEndsOn(coupon, trialEnd ?? input.today, variant.billingPeriodMonths) : null;
  return {
    currency: variant.currency,
    billingPeriodMonths: variant.billingPeriodMonths,
    lines,
    discount: coupon
      ? {
          code: coupon.code,
          description: couponDescription(coupon, (cents) => formatMoney(cents, variant.currency, 'en')),
          amountCents: discountCents,
          endsOn: couponEnd,
        }
      : null,
    couponError: input.couponError,
    netCents: net,
    taxRateBasisPoints: tax.rateBasisPoints,
    taxCents,
    grossCents: gross,
    reverseCharge: tax.reverseCharge,
    dueTodayCents: trialEnd ? 0 : gross,
    recurringCents: recurringNet + taxOf(recurringNet, tax.rateBasisPoints),
    afterDiscountCents: couponEnd === null ? null : subtotal + taxOf(subtotal, tax.rateBasisPoints),
    trialEnd,
  };
}
