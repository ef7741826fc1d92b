import { Type } from 'typebox';
import { LANGUAGE_TAG_PATTERN, MAX_LANGUAGE_TAG_LENGTH } from '@portico/core';

/** A language tag in a route schema: the one rule of `@portico/core` (`isLanguageTag`), as JSON Schema. */
export const LanguageTag = Type.String({
  pattern: LANGUAGE_TAG_PATTERN,
  maxLength: MAX_LANGUAGE_TAG_LENGTH,
  description: 'A language tag: language, optional script, region and variants, e.g. `de`, `en-GB`, `zh-Hant-TW`.',
  examples: ['de'],
});
