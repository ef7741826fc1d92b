import { numberFormat } from './intl-cache.ts';

/** Amounts are integer minor units (cents) everywhere; only display turns them into decimals. */
export function formatMoney(cents: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return numberFormat(locale, { style: 'currency', currency }).format(cents / 10 ** digits);
}

/** Number of minor-unit digits of an ISO 4217 currency (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
