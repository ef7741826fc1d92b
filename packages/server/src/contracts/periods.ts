import { addDays, addMonths } from './dates.ts';

/**
 * Billing periods. A period covers whole days, both ends included: a monthly period that starts on 15 Jan ends on
 * 14 Feb, one that starts on the 1st ends on the month's last day (29 Feb included in leap years).
 */

/** Last day of a period of `months` that starts on `start`. */
export function periodEnd(start: string, months: number): string {
  return addDays(addMonths(start, months), -1);
}

/**
 * The day a running contract is billed next: the day after its current period. A contract that is ending or ended
 * has no next billing date here (its last invoice closes the period it ends in).
 */
export function nextBillingDate(contract: { status: string; currentPeriodEnd: string }): string | null {
  return contract.status === 'active' || contract.status === 'trial' ? addDays(contract.currentPeriodEnd, 1) : null;
}
