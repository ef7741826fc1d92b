/**
 * The earliest possible end date of a running contract, all dates 'YYYY-MM-DD' (period ends are inclusive):
 *
 * 1. The notice period is counted from today: notice date = today + notice period days.
 * 2. The contract ends at the end of the billing period in which the notice date falls. Periods follow each other
 *    from the current period's start in steps of the billing period (months).
 * 3. Never before the end of the minimum term.
 *
 * A contract that is already ending ends on its end date; an ended contract has none. "Today" is the tenant's
 * calendar day ({@link todayIn} with the tenant's time zone). Adding months clamps to the month's last day, so
 * periods starting on the 1st always end on the last day of a month, 29 Feb included in leap years.
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

/**
 * Today's date ('YYYY-MM-DD') in the tenant's IANA time zone: notice periods and "before it takes effect" count
 * in the tenant's calendar days, not UTC ones (23:30 UTC on 31 Jan is already 1 Feb in Berlin).
 */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
