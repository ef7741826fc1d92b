import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Calendar arithmetic on dates written `YYYY-MM-DD`, counted in whole UTC days so that no clock change moves a
 * date; "today" is the tenant's calendar day ({@link todayIn}).
 */

/** The UTC calendar day of an instant. */
export function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return ymd(d);
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
 * True for a real calendar date written `YYYY-MM-DD` that PostgreSQL stores: not `2026-02-30`, not `2026-2-3`, and
 * not in the year 0000, which `Date` accepts and PostgreSQL does not have.
 */
export function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && ymd(date) === value;
}

/**
 * Today's date (`YYYY-MM-DD`) in an IANA time zone: notice periods and "before it takes effect" count in the
 * tenant's calendar days, not UTC ones (23:30 UTC on 31 Jan is already 1 Feb in Berlin).
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

/** Today in the tenant's time zone (`tenants.time_zone`). */
export async function tenantToday(db: Kysely<DB>, tenantId: string, now: Date = new Date()): Promise<string> {
  const tenant = await db
    .selectFrom('tenants')
    .where('id', '=', tenantId)
    .select('time_zone')
    .executeTakeFirstOrThrow();
  return todayIn(tenant.time_zone, now);
}
