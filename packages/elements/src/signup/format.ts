import { msg, str } from '@lit/localize';
import { formatMoney, type SignupComponent } from '@portico/core';
import { isolate } from '../base/bidi.ts';

/** "per month", "per year", "every 3 months". */
export function periodText(months: number): string {
  if (months === 1) return msg('per month');
  if (months === 12) return msg('per year');
  return msg(str`every ${months} months`);
}

/**
 * "€5.00 per seat" or, for a price per many units, "€1.50 per 1,000 (unit: call)". The catalog has the unit in
 * the singular only (a merchant's word, which no rule can pluralise in every language), so the block size stands
 * alone and the unit is named beside it.
 */
export function unitPriceText(component: SignupComponent, currency: string, lang: string): string {
  const price = formatMoney(component.unitPriceCents, currency, lang);
  const unit = isolate(component.unit);
  if (component.pricePerUnits === 1) return msg(str`${price} per ${unit}`);
  const units = new Intl.NumberFormat(lang).format(component.pricePerUnits);
  return msg(str`${price} per ${units} (unit: ${unit})`);
}

/** A date 'YYYY-MM-DD' in the element's language. */
export function formatDate(isoDate: string, lang: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)),
  );
}
