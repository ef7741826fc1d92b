import type { FastifyRequest } from 'fastify';
import { acceptLanguageFirst, firstLanguageTag, type UnitForms } from '@portico/core';
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
 * The unit's label per plural form in `language` (else its base language), from the catalog's `i18n.<lang>.units`;
 * only the forms written there (empty when the catalog has none, and the page shows the unit as it stands).
 */
export function unitForms(i18n: I18n | null | undefined, language: string): UnitForms {
  const base = language.split('-')[0]!;
  const forms = i18n?.[language]?.units ?? i18n?.[base]?.units ?? {};
  return Object.fromEntries(
    (['zero', 'one', 'two', 'few', 'many', 'other'] as const)
      .filter((form) => typeof forms[form] === 'string' && forms[form] !== '')
      .map((form) => [form, forms[form]]),
  );
}

/**
 * A usage column's heading: the component's name and, when it has one, its unit in the plural form that counts
 * many ("API-Aufrufe (Aufrufe)") — a column holds many figures — else the unit as the catalog names it.
 */
export function unitColumnLabel(total: { name: string; unit: string | null; units?: UnitForms }): string {
  const unit = total.units?.other ?? total.unit;
  return unit ? `${total.name} (${unit})` : total.name;
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
