import { isLanguageTag, type StringOverrides } from '@portico/core';

const MAX_TEXT = 2000;

/**
 * The tenant's replacement texts as the elements receive them: only language codes as keys and non-empty
 * texts (plain strings up to 2,000 characters) as values; anything else in the setting is left out.
 */
export function publicStringOverrides(setting: unknown): StringOverrides {
  const result: StringOverrides = {};
  if (!setting || typeof setting !== 'object' || Array.isArray(setting)) return result;
  for (const [language, table] of Object.entries(setting as Record<string, unknown>)) {
    if (!isLanguageTag(language) || !table || typeof table !== 'object' || Array.isArray(table)) continue;
    const texts: Record<string, string> = {};
    for (const [key, text] of Object.entries(table as Record<string, unknown>)) {
      if (key.trim() && typeof text === 'string' && text.trim() && text.length <= MAX_TEXT) texts[key] = text;
    }
    if (Object.keys(texts).length > 0) result[language] = texts;
  }
  return result;
}
