import { sql } from 'kysely';
import type { Coupon } from '../db/schema.ts';
import type { TenantScope } from '../db/tenant.ts';
import { addDays, addMonths } from '../contracts/dates.ts';

export type CouponCheck = { ok: true; coupon: Coupon } | { ok: false; message: string };

/**
 * Looks a coupon code up (case-insensitively) and checks it for a plan at a moment: validity window, redemptions
 * left and plan restriction. Each refusal has its own sentence, shown next to the coupon field.
 */
export async function checkCoupon(scope: TenantScope, code: string, planId: string, now: Date): Promise<CouponCheck> {
  const trimmed = code.trim();
  const coupon = await scope
    .selectFrom('coupons')
    .selectAll()
    .where(sql<string>`upper(code)`, '=', trimmed.toUpperCase())
    .executeTakeFirst();
  if (!coupon) return { ok: false, message: `The coupon code "${trimmed}" does not exist.` };
  if (coupon.valid_from && coupon.valid_from.getTime() > now.getTime()) {
    return { ok: false, message: `The coupon code "${trimmed}" is not valid yet.` };
  }
  if (coupon.valid_until && coupon.valid_until.getTime() <= now.getTime()) {
    return { ok: false, message: `The coupon code "${trimmed}" has expired.` };
  }
  if (coupon.max_redemptions !== null && coupon.redemptions >= coupon.max_redemptions) {
    return { ok: false, message: `The coupon code "${trimmed}" has been used up.` };
  }
  if (coupon.plan_ids !== null && !coupon.plan_ids.includes(planId)) {
    return { ok: false, message: `The coupon code "${trimmed}" is not valid for this plan.` };
  }
  return { ok: true, coupon };
}

/** Counts one redemption; false when the last one was taken in the meantime. Call inside the order transaction. */
export async function redeemCoupon(scope: TenantScope, couponId: string): Promise<boolean> {
  const result = await scope
    .updateTable('coupons')
    .set({ redemptions: sql<number>`redemptions + 1` })
    .where('id', '=', couponId)
    .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('redemptions', '<', eb.ref('max_redemptions'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The discount a coupon gives on a net subtotal (never more than the subtotal). */
export function couponDiscount(coupon: Coupon, subtotalCents: number): number {
  if (coupon.kind === 'percent')
    return Math.min(subtotalCents, Math.round((subtotalCents * (coupon.percent ?? 0)) / 100));
  return Math.min(subtotalCents, coupon.amount_cents ?? 0);
}

export function couponDescription(coupon: Coupon, currencyFormat: (cents: number) => string): string {
  const what =
    coupon.kind === 'percent' ? `${coupon.percent} % off` : `${currencyFormat(coupon.amount_cents ?? 0)} off`;
  const months = coupon.duration_months;
  if (months === null) return `${coupon.code}: ${what}`;
  return `${coupon.code}: ${what} for ${months} month${months === 1 ? '' : 's'}`;
}

/**
 * The last day a coupon reduces a contract's price: the end of the last billing period (of `months`, counted from
 * `anchor`, the first billed day) that starts before the coupon's months are over — a billing run applies it to each
 * period that starts within them; null when it lasts the whole contract.
 */
export function couponEndsOn(coupon: Pick<Coupon, 'duration_months'>, anchor: string, months: number): string | null {
  if (coupon.duration_months === null) return null;
  if (coupon.duration_months <= 0) return addDays(anchor, -1);
  const over = addMonths(anchor, coupon.duration_months);
  let k = 1;
  while (addMonths(anchor, k * months) < over) k += 1;
  return addDays(addMonths(anchor, k * months), -1);
}
