import type { FastifyRequest } from 'fastify';
import { acceptLanguageFirst, firstLanguageTag } from '@portico/core';
import type { I18n } from '../db/schema.ts';

/** A catalog text (plan, variant or component name, description, unit) in a language, else the base text. */
export function translated(
  i18n: I18n | null | undefined,
  language: string,
  field: 'name' | 'description' | 'unit',
  fallback: string,
): string {
  const base = language.split('-')[0]!;
  return i18n?.[language]?.[field] ?? i18n?.[base]?.[field] ?? fallback;
}

/**
 * The language a portal answer's catalog texts should be in: `?language=`, else the first language of
 * `Accept-Language` (the elements send the language they show), else `fallback` (the session's language). Tags
 * follow the one rule of `@portico/core` and come back in canonical form; one that breaks it is passed over.
 */
export function requestLanguage(request: FastifyRequest, fallback: string): string {
  const query = (request.query as { language?: unknown } | undefined)?.language;
  return (
    firstLanguageTag([
      typeof query === 'string' ? query : null,
      acceptLanguageFirst(request.headers['accept-language']),
    ]) ?? fallback
  );
}
