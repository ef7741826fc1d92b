import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes.ts';

/** Languages written right to left. */
const rtlLanguages = new Set(['ar', 'he', 'fa', 'ur']);

const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  // One module per language, loaded only when that language is wanted.
  loadLocale: (locale) => import(`./generated/locales/${locale}.js`),
});

export { getLocale };

/** Every language Portico has translations for, English (the source) first. */
export const supportedLocales: readonly string[] = [sourceLocale, ...targetLocales];

/** A BCP 47 tag in canonical form, or null when it is not a valid tag. */
export function canonicalTag(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The translation to show for a language tag: the exact locale, else its base language (`de-AT` → `de`),
 * else null.
 */
export function translationFor(tag: string): string | null {
  const canonical = canonicalTag(tag);
  if (!canonical) return null;
  const lower = canonical.toLowerCase();
  const exact = supportedLocales.find((locale) => locale.toLowerCase() === lower);
  if (exact) return exact;
  const base = lower.split('-')[0]!;
  return supportedLocales.find((locale) => locale.toLowerCase() === base) ?? null;
}

/** Whether a language is written right to left. */
export function isRtl(tag: string): boolean {
  return rtlLanguages.has((canonicalTag(tag) ?? '').toLowerCase().split('-')[0]!);
}

const warned = new Set<string>();

/** Warns once per language that has no translation. */
export function warnUnknownLanguage(tag: string): void {
  if (warned.has(tag)) return;
  warned.add(tag);
  console.warn(
    `Portico: no translation for language "${tag}"; showing English. Available: ${supportedLocales.join(', ')}.`,
  );
}

let wanted = getLocale();

/**
 * Switches every Portico element on the page to a locale (one of `supportedLocales`); elements re-render
 * when its messages have loaded. A locale that fails to load leaves English in place with a warning.
 */
export async function useLocale(locale: string): Promise<void> {
  if (locale === wanted) return;
  wanted = locale;
  try {
    await setLocale(locale);
  } catch (error) {
    console.warn(`Portico: could not load the "${locale}" translation; showing English.`, error);
    wanted = sourceLocale;
    await setLocale(sourceLocale);
  }
}
