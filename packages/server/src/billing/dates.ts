/** Calendar arithmetic on 'YYYY-MM-DD' strings in UTC. */

export function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return ymd(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/** Adds months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Last day of a period of `months` that starts on `start`. */
export function periodEnd(start: string, months: number): string {
  return addDays(addMonths(start, months), -1);
}
