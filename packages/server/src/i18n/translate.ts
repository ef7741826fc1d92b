import { messages, type MessageId } from './messages.ts';
import { targetLocales } from './generated/locale-codes.ts';
import { templates as ar } from './generated/locales/ar.ts';
import { templates as cs } from './generated/locales/cs.ts';
import { templates as de } from './generated/locales/de.ts';
import { templates as es } from './generated/locales/es.ts';
import { templates as fr } from './generated/locales/fr.ts';
import { templates as it } from './generated/locales/it.ts';
import { templates as lt } from './generated/locales/lt.ts';
import { templates as nl } from './generated/locales/nl.ts';
import { templates as pl } from './generated/locales/pl.ts';
import { templates as pt } from './generated/locales/pt.ts';
import { templates as sv } from './generated/locales/sv.ts';

type Catalog = Partial<Record<MessageId, string>>;
type TargetLocale = (typeof targetLocales)[number];

/**
 * Every translated catalog, loaded once. Lookups are pure functions of the language passed in, never a global
 * locale: requests in different languages run at the same time.
 */
const catalogs: Record<TargetLocale, Catalog> = { ar, cs, de, es, fr, it, lt, nl, pl, pt, sv };

/** Right-to-left scripts among the document languages. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * The supported language a request language falls back to: `de-AT` → `de`; anything unknown → `en`.
 * Matching is case-insensitive (`DE-at`).
 */
export function documentLocale(language: string | null | undefined): 'en' | TargetLocale {
  const base = (language ?? '').trim().toLowerCase().split(/[-_]/)[0]!;
  return (targetLocales as readonly string[]).includes(base) ? (base as TargetLocale) : 'en';
}

export function isRightToLeft(language: string): boolean {
  return RTL.has(documentLocale(language));
}

/** Replaces `{Name}` placeholders with values; `escape` is applied to every value (for HTML). Unknown ones stay. */
export function fillPlaceholders(
  template: string,
  values: Record<string, string>,
  escape: (value: string) => string = (value) => value,
): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? escape(values[name]!) : whole,
  );
}

/** The raw message of a language (placeholders unfilled), falling back to the English source. */
export function message(language: string, id: MessageId): string {
  const locale = documentLocale(language);
  return (locale === 'en' ? undefined : catalogs[locale][id]) ?? messages[id];
}

/** A message in a language with its `{Name}` placeholders filled (values are inserted as they are). */
export function t(language: string, id: MessageId, values: Record<string, string> = {}): string {
  return fillPlaceholders(message(language, id), values);
}

/** A translator bound to one language, for code that writes many messages. */
export function translator(language: string): (id: MessageId, values?: Record<string, string>) => string {
  return (id, values) => t(language, id, values);
}
