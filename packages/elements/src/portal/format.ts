import { dateTimeFormat, formatMoney } from '@portico/core';

/** A calendar date (`YYYY-MM-DD`) or an ISO time, as a date in the given language; a dash when absent. */
export function formatDate(value: string | null | undefined, lang: string): string {
  if (!value) return '–';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return dateTimeFormat(lang, {
    dateStyle: 'medium',
    timeZone: value.length === 10 ? 'UTC' : undefined,
  }).format(date);
}

/** A point in time with date and time of day, in the browser's time zone. */
export function formatDateTime(value: string, lang: string): string {
  return dateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function formatAmount(cents: number, currency: string, lang: string): string {
  return formatMoney(cents, currency, lang);
}
