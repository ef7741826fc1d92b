import { documentLocale, t } from '../i18n/translate.ts';
import type { CustomerProblem, CustomerProblems } from './validate.ts';

/**
 * The one place where customer reason codes become sentences: the server message catalog's `field.*` messages
 * (`i18n/messages.ts`, translated in `locales/documents/`), in `language` (English for a language without them).
 */
export function customerProblemMessage(field: string, problem: CustomerProblem, language: string): string {
  switch (problem.code) {
    case 'unknown_field':
      return t(language, 'field.unknown', { Field: field });
    case 'hidden_field':
      return t(language, 'field.hidden', { Field: field });
    case 'required':
      return t(language, 'field.required');
    case 'too_long':
      return t(language, 'field.tooLong', { Max: new Intl.NumberFormat(documentLocale(language)).format(problem.max) });
    case 'email_invalid':
      return t(language, 'field.emailInvalid');
    case 'country_invalid':
      return t(language, 'field.countryInvalid');
    case 'postal_code_invalid':
      return t(language, 'field.postalCodeInvalid');
    case 'vat_id_invalid':
      return problem.example
        ? t(language, 'field.vatIdInvalidExample', { Example: problem.example })
        : t(language, 'field.vatIdInvalid');
    case 'vat_id_wrong_country':
      return t(language, 'field.vatIdWrongCountry', { Country: problem.country });
  }
}

/**
 * Field messages as an answer's `error.fields` carries them, keyed `{prefix}.{field}` (`customer.vatId` in the
 * signup, `address.vatId` in the portal; `vatId` without a prefix, as the merchant API's customer fields).
 */
export function customerFieldMessages(
  problems: CustomerProblems,
  language: string,
  prefix: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(problems).map(([field, problem]) => [
      prefix ? `${prefix}.${field}` : field,
      customerProblemMessage(field, problem, language),
    ]),
  );
}
