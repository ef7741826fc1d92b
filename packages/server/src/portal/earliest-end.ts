/**
 * The earliest possible end date of a running contract, all dates 'YYYY-MM-DD' (period ends are inclusive):
 *
 * 1. The notice period is counted from today: notice date = today + notice period days.
 * 2. The contract ends at the end of the billing period in which the notice date falls. Periods follow each other
 *    from the current period's start in steps of the billing period (months).
 * 3. Never before the end of the minimum term.
 *
 * A contract that is already ending ends on its end date; an ended contract has none.
 */
export function earliestEndDate(input: {
  today: string;
  status: 'trial' | 'active' | 'ending' | 'ended';
  endDate: string | null;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  billingPeriodMonths: number;
  noticePeriodDays: number;
  minimumTermEnd: string | null;
}): string | null {
  if (input.status === 'ended') return null;
  if (input.status === 'ending') return input.endDate;
  const noticeDate = addDays(input.today, input.noticePeriodDays);
  const months = Math.max(1, input.billingPeriodMonths);
  const nextStart = addDays(input.currentPeriodEnd, 1);
  let end = input.currentPeriodEnd;
  for (let k = 1; end < noticeDate && k <= 10_000; k += 1) end = addDays(addMonths(nextStart, k * months), -1);
  if (input.minimumTermEnd && end < input.minimumTermEnd) return input.minimumTermEnd;
  return end;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
