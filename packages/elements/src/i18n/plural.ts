import { getLocale } from './localization.ts';
import { pluralRules } from '@portico/core';

/**
 * A message's text for each CLDR plural category, as functions so that only the chosen `msg()` runs. Every
 * category is a message of its own (`msg(…, { id: 'name.few' })`): lit-localize keys messages by their English
 * source, so each category needs its own id to give translators a slot for it. English has only `one` and
 * `other`; its `zero`, `two`, `few` and `many` repeat the `other` text.
 */
export type PluralForms = Record<Intl.LDMLPluralRule, () => string>;

/** Languages whose translation follows a regional variant's rules: the Portuguese texts are European (0 → other). */
const ruleLocales: Record<string, string> = { pt: 'pt-PT' };

/**
 * The form of a message for a count, chosen by the plural rules of the language whose texts are shown (so the
 * rule always matches the loaded translation, also while another language is still loading).
 *
 * ```ts
 * plural(days, {
 *   zero: () => msg(str`${days} days`, { id: 'noticePeriod.zero' }),
 *   one: () => msg(str`${days} day`, { id: 'noticePeriod.one' }),
 *   …
 * });
 * ```
 *
 * See https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html for which categories
 * a language uses.
 */
export function plural(count: number, forms: PluralForms): string {
  const locale = getLocale();
  return forms[pluralRules(ruleLocales[locale] ?? locale).select(count)]();
}
