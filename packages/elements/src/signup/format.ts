import { msg, str } from '@lit/localize';
import { formatMoney, type SignupComponent } from '@portico/core';

/** "per month", "per year", "every 3 months". */
export function periodText(months: number): string {
  if (months === 1) return msg('per month');
  if (months === 12) return msg('per year');
  return msg(str`every ${months} months`);
}

/** "€5.00 per seat" or, for prices per many units, "€1.50 per 1,000 call". */
export function unitPriceText(component: SignupComponent, currency: string, lang: string): string {
  const price = formatMoney(component.unitPriceCents, currency, lang);
  if (component.pricePerUnits === 1) return msg(str`${price} per ${component.unit}`);
  const units = new Intl.NumberFormat(lang).format(component.pricePerUnits);
  return msg(str`${price} per ${units} × ${component.unit}`);
}

/** A date 'YYYY-MM-DD' in the element's language. */
export function formatDate(isoDate: string, lang: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)),
  );
}
