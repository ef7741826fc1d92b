/**
 * Language tags: the one rule Portico applies wherever a language arrives from outside (the signup order's
 * `language`, a portal link's `?language=`, `Accept-Language`, the i18n API's path, a tenant's string overrides,
 * the embed loader's `set-language`, an element's `lang`). Server and elements import it from here so that a tag
 * accepted in one place is accepted in all.
 *
 * The rule is BCP 47's common shape, case-insensitive: a primary language of 2–3 letters, an optional script
 * (4 letters), an optional region (2 letters or 3 digits) and any number of variants (5–8 letters or digits, or a
 * digit and 3 more), at most {@link MAX_LANGUAGE_TAG_LENGTH} characters in all: `de`, `en-GB`, `sr-Latn`,
 * `zh-Hant-TW`, `es-419`, `de-CH-1996`. Extensions and private use (`-u-…`, `-x-…`) and `_` are refused: no
 * Portico language needs them, and the narrow shape keeps a tag safe in a path, a header or an attribute.
 */

/** The longest tag accepted (RFC 5646 §4.4.1 asks implementations to handle at least 35 characters). */
export const MAX_LANGUAGE_TAG_LENGTH = 35;

/** The rule as a regular expression source, for JSON schemas and for generated scripts; see {@link isLanguageTag}. */
export const LANGUAGE_TAG_PATTERN =
  '^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$';

const languageTag = new RegExp(LANGUAGE_TAG_PATTERN);

/** Whether `tag` is a language tag Portico accepts, exactly as given (no trimming). */
export function isLanguageTag(tag: unknown): boolean {
  return typeof tag === 'string' && tag.length <= MAX_LANGUAGE_TAG_LENGTH && languageTag.test(tag);
}

/**
 * A tag in its canonical form (`EN-gb` → `en-GB`, `iw` → `he`), after trimming; null exactly when it is not a
 * language tag by {@link isLanguageTag}. A tag `Intl` cannot canonicalise (a repeated variant) comes back as given.
 */
export function canonicalLanguageTag(tag: string | null | undefined): string | null {
  const trimmed = (tag ?? '').trim();
  if (!isLanguageTag(trimmed)) return null;
  let canonical = canonicalTags.get(trimmed);
  if (canonical === undefined) {
    try {
      canonical = Intl.getCanonicalLocales(trimmed)[0] ?? trimmed;
    } catch {
      canonical = trimmed;
    }
    // The elements ask on every render: kept, up to a bound (the server asks for tags its clients send).
    if (canonicalTags.size < MAX_KEPT_TAGS) canonicalTags.set(trimmed, canonical);
  }
  return canonical;
}

const canonicalTags = new Map<string, string>();
const MAX_KEPT_TAGS = 1000;

/**
 * The language order: the first candidate, in the caller's order of precedence, that is a language tag, in
 * canonical form; empty candidates are skipped, and `onInvalid` hears of each non-empty one that is not a tag.
 * Null when none is. The elements rank `?language=`, `lang`, the customer's, the tenant's default, the page's and
 * the browser's language; the server ranks `?language=`, `Accept-Language` and then its own fallback.
 */
export function firstLanguageTag(
  candidates: Iterable<string | null | undefined>,
  onInvalid?: (candidate: string) => void,
): string | null {
  for (const candidate of candidates) {
    if (!candidate?.trim()) continue;
    const tag = canonicalLanguageTag(candidate);
    if (tag) return tag;
    onInvalid?.(candidate);
  }
  return null;
}

/** The first language of an `Accept-Language` header (`de-CH, de;q=0.9` → `de-CH`), as sent; null when none. */
export function acceptLanguageFirst(header: string | null | undefined): string | null {
  return header?.split(',')[0]?.split(';')[0]?.trim() || null;
}
