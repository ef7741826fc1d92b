import { formatMoney } from '@portico/core';

/**
 * `Intl` formatting of dates, durations and money for e-mails and PDFs, in the document's language. Dates stored as
 * `YYYY-MM-DD` are calendar dates: they are formatted in UTC so they never shift by a day.
 */
export function formatDate(language: string, date: string): string {
  const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(parsed);
}

/**
 * A span of calendar days the way the language writes it: "November 1 – 30, 2026", "1.–30. November 2026",
 * "1 décembre 2026 – 10 janvier 2027" (`Intl.DateTimeFormat#formatRange`, UTC like `formatDate`).
 */
export function formatDateRange(language: string, from: string, to: string): string {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${from} – ${to}`;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).formatRange(start, end);
}

/** A moment with date and time, in UTC and saying so (e-mail readers live in every time zone). */
export function formatDateTime(language: string, moment: string | Date): string {
  const parsed = new Date(moment);
  if (Number.isNaN(parsed.getTime())) return String(moment);
  const text = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(
    parsed,
  );
  return `${text} UTC`;
}

/** "3 months", "3 Monate", "3 mois": Intl knows each language's plural forms. */
export function formatDuration(language: string, count: number, unit: 'day' | 'month'): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(count);
}

/** A tax rate in basis points (1900) as a percentage in the language's style ("19 %", "19%"). */
export function formatPercent(language: string, basisPoints: number): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10000);
}

export function formatAmount(language: string, cents: number, currency: string): string {
  return formatMoney(cents, currency.trim(), language);
}

/**
 * A country's name in the language ("DE" → "Deutschland" in German, "Germany" in English) from `Intl.DisplayNames`;
 * a value that is no region code, or one `Intl` does not know, stays as it is.
 */
export function formatCountry(language: string, code: string): string {
  const region = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) return code;
  try {
    const name = new Intl.DisplayNames([language, 'en'], { type: 'region', fallback: 'none' }).of(region);
    return name ?? code;
  } catch {
    return code;
  }
}
