import type { FastifyRequest } from 'fastify';
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

const tagPattern = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The language a portal answer's catalog texts should be in: `?language=`, else the first language of
 * `Accept-Language` (the elements send the language they show), else `fallback` (the session's language).
 */
export function requestLanguage(request: FastifyRequest, fallback: string): string {
  const query = (request.query as { language?: unknown } | undefined)?.language;
  if (typeof query === 'string' && tagPattern.test(query)) return query;
  const first = request.headers['accept-language']?.split(',')[0]?.split(';')[0]?.trim();
  return first && tagPattern.test(first) ? first : fallback;
}
