import {
  configureLocalization,
  LOCALE_STATUS_EVENT,
  type LocaleStatusEventDetail,
  type TemplateMap,
} from '@lit/localize';
import { canonicalLanguageTag as canonicalTag } from '@portico/core';
import { sourceLocale, targetLocales } from './generated/locale-codes.ts';
import { applyOverrides, type LanguageStringTables, type StringTable } from './overrides.ts';

/** Languages written right to left. */
const rtlLanguages = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * lit-localize's own source locale: the texts as written in the code, shown until the first language loads.
 * English is configured as one more language, so its texts load through `loadLocale` like any other and
 * can be replaced (tenant overrides, the `strings` property).
 */
const codeLocale = 'x-code';

const { getLocale: activeLocale, setLocale } = configureLocalization({
  sourceLocale: codeLocale,
  targetLocales: [sourceLocale, ...targetLocales],
  loadLocale: (locale) => loadTemplates(locale),
});

/** The language whose texts are shown (`en` until another one has loaded). */
export function getLocale(): string {
  const locale = activeLocale();
  return locale === codeLocale ? sourceLocale : locale;
}

/** Every language Portico has translations for, English (the source) first. */
export const supportedLocales: readonly string[] = [sourceLocale, ...targetLocales];

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

let wanted = '';

/** The language the page asked for last (it may still be loading); `en` before any. */
export function requestedLocale(): string {
  return wanted || sourceLocale;
}

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

/** Texts loaded per language: the translation module's templates and the ones in use (with replacements). */
const loaded = new Map<string, { base: TemplateMap; sources: TemplateMap; templates: TemplateMap }>();

/** Replacement texts by owner (an element): the tenant's per language and the element's own. */
const replacements = new Map<object, { tenant: LanguageStringTables; strings: StringTable }>();

/**
 * The page elements whose texts are loaded, each from a translation module of its own per language
 * (`generated/parts/<part>/<locale>.js`, split by `npm run locale-parts`): a signup page loads no portal texts.
 */
export type MessagePart = 'signup' | 'portal';
const allParts: readonly MessagePart[] = ['signup', 'portal'];
const parts = new Set<MessagePart>();

const importPart = (part: MessagePart, locale: string): Promise<{ templates: TemplateMap }> =>
  import(`./generated/parts/${part}/${locale}.js`);

/** The parts in use; every part when no page element has said which (its building blocks on their own). */
const partsInUse = (): MessagePart[] => (parts.size > 0 ? [...parts] : [...allParts]);

async function importParts(locale: string, wanted: readonly MessagePart[]): Promise<TemplateMap> {
  const modules = await Promise.all(wanted.map((part) => importPart(part, locale)));
  return Object.assign({}, ...modules.map((module) => module.templates)) as TemplateMap;
}

const importTranslation = async (locale: string): Promise<{ templates: TemplateMap }> => ({
  templates: await importParts(locale, partsInUse()),
});

/**
 * Loads `part`'s texts with every language from now on (a page element's module calls it once). A language shown
 * already gets them at once, and the page re-renders.
 */
export function useMessagesOf(part: MessagePart): void {
  if (parts.has(part)) return;
  const before = partsInUse();
  parts.add(part);
  if (before.includes(part)) return; // loaded already with every part
  for (const [locale, entry] of loaded) {
    if (locale === sourceLocale) continue;
    void importParts(locale, [part]).then(
      (templates) => {
        Object.assign(entry.base, templates);
        if (locale === activeLocale()) void refreshTexts();
      },
      (error: unknown) => console.warn(`Portico: could not load the "${locale}" translation; showing English.`, error),
    );
  }
}

/** The replacement tables for a language, tenants' first, elements' `strings` last (they win). */
function tablesFor(locale: string): StringTable[] {
  const owners = [...replacements.values()];
  const tenant = owners.flatMap(({ tenant }) =>
    Object.entries(tenant)
      .filter(([language]) => translationFor(language) === locale)
      .map(([, table]) => table),
  );
  return [...tenant, ...owners.map(({ strings }) => strings)];
}

/** English has no translation module; for the value counts of its messages, read another language's. */
async function sourcesFor(locale: string, base: TemplateMap): Promise<TemplateMap> {
  const other: string | undefined = targetLocales[0];
  if (locale !== sourceLocale || !other) return base;
  const hasValues = tablesFor(locale).some((table) => Object.values(table).some((text) => /\{\d+\}/.test(text)));
  return hasValues ? (await importTranslation(other)).templates : base;
}

async function loadTemplates(locale: string): Promise<{ templates: TemplateMap }> {
  let base: TemplateMap = {};
  if (locale !== sourceLocale) {
    const wanted = partsInUse();
    base = await importParts(locale, wanted);
    // A page element that came while they loaded: its texts too.
    const late = partsInUse().filter((part) => !wanted.includes(part));
    if (late.length > 0) Object.assign(base, await importParts(locale, late));
  }
  const sources = await sourcesFor(locale, base);
  const entry = { base, sources, templates: applyOverrides(base, sources, tablesFor(locale), warnOnce) };
  loaded.set(locale, entry);
  return entry;
}

const warnedOverrides = new Set<string>();
function warnOnce(message: string): void {
  if (warnedOverrides.has(message)) return;
  warnedOverrides.add(message);
  console.warn(message);
}

/** Re-applies the replacement texts to the language in use and re-renders every Portico element. */
async function refreshTexts(): Promise<void> {
  const locale = activeLocale();
  const entry = loaded.get(locale);
  if (!entry) return;
  const sources = await sourcesFor(locale, entry.base);
  const templates = applyOverrides(entry.base, sources, tablesFor(locale), warnOnce);
  // lit-localize keeps the object its loader returned: replace its contents in place.
  for (const id of Object.keys(entry.templates)) delete entry.templates[id];
  Object.assign(entry.templates, templates);
  const detail: LocaleStatusEventDetail = { status: 'ready', readyLocale: locale };
  window.dispatchEvent(new CustomEvent(LOCALE_STATUS_EVENT, { detail }));
}

/**
 * Sets an element's replacement texts: `tenant` (the merchant's, per language, from the server) and `strings`
 * (the page's own, for whatever language is shown; they win). Null removes them. Every Portico element on the
 * page shows them.
 */
export function setReplacementTexts(
  owner: object,
  texts: { tenant?: LanguageStringTables; strings?: StringTable } | null,
): void {
  const before = replacements.get(owner);
  if (texts) replacements.set(owner, { tenant: texts.tenant ?? {}, strings: texts.strings ?? {} });
  else replacements.delete(owner);
  if (before || texts) void refreshTexts();
}
