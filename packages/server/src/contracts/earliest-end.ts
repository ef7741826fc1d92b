import { addDays } from './dates.ts';
import { periodEnd } from './periods.ts';
import type { ContractTerms } from './terms.ts';

/**
 * The earliest possible end date of a running contract if it is cancelled `today`:
 *
 * 1. The notice period is counted from today: notice date = today + notice period days.
 * 2. The contract ends at the end of the billing period in which the notice date falls. Periods follow each other
 *    from the current period's start in steps of the billing period (months).
 * 3. Never before the end of the minimum term.
 *
 * A contract that is already ending ends on its end date; an ended contract has none. "Today" is the tenant's
 * calendar day (`todayIn` with the tenant's time zone). Adding months clamps to the month's last day, so
 * periods starting on the 1st always end on the last day of a month, 29 Feb included in leap years.
 */
export function earliestEndDate(input: Omit<ContractTerms, 'trialEnd'> & { today: string }): string | null {
  if (input.status === 'ended') return null;
  if (input.status === 'ending') return input.endDate;
  const noticeDate = addDays(input.today, input.noticePeriodDays);
  const months = Math.max(1, input.billingPeriodMonths);
  const nextStart = addDays(input.currentPeriodEnd, 1);
  let end = input.currentPeriodEnd;
  for (let k = 1; end < noticeDate && k <= 10_000; k += 1) end = periodEnd(nextStart, k * months);
  if (input.minimumTermEnd && end < input.minimumTermEnd) return input.minimumTermEnd;
  return end;
}
