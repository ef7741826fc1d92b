import { msg, str } from '@lit/localize';
import { dateTimeFormat, formatMoney, numberFormat, type SignupComponent } from '@portico/core';
import { isolate } from '../base/bidi.ts';
import { plural } from '../i18n/plural.ts';

/** "per month", "per year", "every 3 months" (also the portal's contract shows it). */
export function periodText(months: number): string {
  if (months === 1) return msg('per month');
  if (months === 12) return msg('per year');
  return plural(months, {
    zero: () => msg(str`every ${months} months`, { id: 'billingPeriod.zero' }),
    one: () => msg(str`every ${months} month`, { id: 'billingPeriod.one' }),
    two: () => msg(str`every ${months} months`, { id: 'billingPeriod.two' }),
    few: () => msg(str`every ${months} months`, { id: 'billingPeriod.few' }),
    many: () => msg(str`every ${months} months`, { id: 'billingPeriod.many' }),
    other: () => msg(str`every ${months} months`, { id: 'billingPeriod.other' }),
  });
}

/** "Try it free for 14 days." */
export function trialText(days: number): string {
  return plural(days, {
    zero: () => msg(str`Try it free for ${days} days.`, { id: 'trialDays.zero' }),
    one: () => msg(str`Try it free for ${days} day.`, { id: 'trialDays.one' }),
    two: () => msg(str`Try it free for ${days} days.`, { id: 'trialDays.two' }),
    few: () => msg(str`Try it free for ${days} days.`, { id: 'trialDays.few' }),
    many: () => msg(str`Try it free for ${days} days.`, { id: 'trialDays.many' }),
    other: () => msg(str`Try it free for ${days} days.`, { id: 'trialDays.other' }),
  });
}

/**
 * "€5.00 per seat" or, for a price per many units, "€1.50 per 1,000 (unit: call)". The catalog has the unit in
 * the singular only (a merchant's word, which no rule can pluralise in every language), so the block size stands
 * alone and the unit is named beside it.
 */
export function unitPriceText(
  component: Pick<SignupComponent, 'unitPriceCents' | 'pricePerUnits' | 'unit'>,
  currency: string,
  lang: string,
): string {
  const price = formatMoney(component.unitPriceCents, currency, lang);
  const unit = isolate(component.unit);
  if (component.pricePerUnits === 1) return msg(str`${price} per ${unit}`);
  const units = numberFormat(lang).format(component.pricePerUnits);
  return msg(str`${price} per ${units} (unit: ${unit})`);
}

/**
 * The price of a recurring (quantity or on/off) component, due once per billing period of the chosen variant:
 * "€5.00 per seat per month", "€49.00 per year". An on/off component has no unit: it is booked or not.
 */
export function periodPriceText(component: SignupComponent, currency: string, lang: string, months: number): string {
  const price =
    component.kind === 'on_off'
      ? formatMoney(component.unitPriceCents, currency, lang)
      : unitPriceText(component, currency, lang);
  // Two translated parts side by side: every Portico language writes the price before its period.
  return `${price} ${periodText(months)}`;
}

/** A date 'YYYY-MM-DD' in the element's language. */
export function formatDate(isoDate: string, lang: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return dateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)),
  );
}

/** The calendar day after `isoDate` (`YYYY-MM-DD`). */
export function dayAfter(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
