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
 * The day a contract is billed next: the day after its current period, for a running contract and for one that
 * is ending but whose end date lies beyond its current period (it is billed for the days up to the end date). An
 * ended contract, or an ending one whose last period is already billed (the end date falls within the current
 * period), has none.
 */
export function nextBillingDate(contract: {
  status: string;
  currentPeriodEnd: string;
  endDate?: string | null;
}): string | null {
  const next = addDays(contract.currentPeriodEnd, 1);
  if (contract.status === 'active' || contract.status === 'trial') {
    return contract.endDate && contract.endDate < next ? null : next;
  }
  if (contract.status === 'ending') return contract.endDate && contract.endDate >= next ? next : null;
  return null;
}
