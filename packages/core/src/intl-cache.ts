/**
 * `Intl` formatters, created once per kind, locales and options and reused: creating one costs far more than using
 * it (the first of a page loads the locale's data), and a page formats the same way on every render. Every
 * formatting call of the elements and of `@portico/core` goes through these.
 */
const formatters = new Map<string, unknown>();

function cached<T>(kind: string, locales: string | readonly string[], options: object | undefined, make: () => T): T {
  const key = `${kind}\u0000${JSON.stringify(locales)}\u0000${options ? JSON.stringify(options) : ''}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = make(); // a tag Intl refuses throws here, and nothing is kept
    formatters.set(key, formatter);
  }
  return formatter;
}

type Locales = string | readonly string[];

export const numberFormat = (locales: Locales, options?: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached('NumberFormat', locales, options, () => new Intl.NumberFormat(locales as string | string[], options));

export const dateTimeFormat = (locales: Locales, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached('DateTimeFormat', locales, options, () => new Intl.DateTimeFormat(locales as string | string[], options));

export const pluralRules = (locales: Locales, options?: Intl.PluralRulesOptions): Intl.PluralRules =>
  cached('PluralRules', locales, options, () => new Intl.PluralRules(locales as string | string[], options));

export const collator = (locales: Locales, options?: Intl.CollatorOptions): Intl.Collator =>
  cached('Collator', locales, options, () => new Intl.Collator(locales as string | string[], options));

export const displayNames = (locales: Locales, options: Intl.DisplayNamesOptions): Intl.DisplayNames =>
  cached('DisplayNames', locales, options, () => new Intl.DisplayNames(locales as string | string[], options));
