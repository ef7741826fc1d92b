import type { CustomerField, CustomerInput, FieldRequirement } from '@portico/core';
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import { isEuCountry, normalizeVatId, vatIdCountry } from '../billing/tax.ts';
import { ALL_CUSTOMER_FIELDS, isCustomerField } from './fields.ts';

/**
 * What is wrong with one customer field, as a reason code with the values its message needs. Codes, not
 * sentences: `messages.ts` writes them in the request's language, and other clients may write their own.
 */
export type CustomerProblem =
  /** A field the form does not know. */
  | { code: 'unknown_field' }
  /** A field the tenant hides, sent anyway. */
  | { code: 'hidden_field' }
  | { code: 'required' }
  | { code: 'too_long'; max: number }
  | { code: 'email_invalid' }
  /** Not an ISO 3166-1 alpha-2 code of a real region. */
  | { code: 'country_invalid' }
  /** Not a postal code of `country` (the customer's, else the tenant's), by `postcode-validator`'s rules. */
  | { code: 'postal_code_invalid'; country: string }
  /** Not a VAT ID; for an EU country, `example` shows the expected shape. */
  | { code: 'vat_id_invalid'; example?: string }
  /** A valid EU VAT ID of another member state than `country`. */
  | { code: 'vat_id_wrong_country'; country: string };

/** Problems by field name as sent (`vatId`, or an unknown key such as `nickname`). */
export type CustomerProblems = Record<string, CustomerProblem>;

/** What the checks need to know: the tenant's field requirements and its country (the VAT ID rule's default). */
export interface CustomerRules {
  requirements: Partial<Record<CustomerField, FieldRequirement>>;
  tenantCountry: string;
}

/** Customer fields as they arrive: text per known field; other keys only to be refused. */
export type CustomerFieldsIn = CustomerInput & Record<string, unknown>;

export interface CustomerCheck {
  /** The trimmed values (country and VAT ID normalised); empty and hidden ones left out. */
  customer: CustomerInput;
  problems: CustomerProblems;
}

export const MAX_FIELD_LENGTH = 200;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** The one e-mail address rule (signup, portal invitations, request-a-link): one bare address, no display name. */
export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}

/** The field message for an address the rule refuses. */
export const EMAIL_MESSAGE = 'Please enter an e-mail address like name@example.com.';
const VAT_ID_EXAMPLE = 'DE123456789';
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** An ISO 3166-1 alpha-2 country code that names a real region. */
export function isCountryCode(value: string): boolean {
  if (!/^[A-Z]{2}$/.test(value)) return false;
  try {
    return regionNames.of(value) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Customer fields against the tenant's requirements: known and not hidden, within length, a valid e-mail address
 * and country, and a VAT ID that fits the country (the customer's, else the tenant's). `complete` (an order, a
 * billing address) also requires the mandatory fields; a price preview checks only what was typed.
 */
export function checkCustomer(input: CustomerFieldsIn, rules: CustomerRules, complete: boolean): CustomerCheck {
  const customer: CustomerInput = {};
  const problems: CustomerProblems = {};
  for (const key of Object.keys(input)) {
    if (!isCustomerField(key)) problems[key] = { code: 'unknown_field' };
  }
  for (const field of ALL_CUSTOMER_FIELDS) {
    const text = (input[field] ?? '').trim();
    const requirement = rules.requirements[field] ?? 'optional';
    if (requirement === 'hidden') {
      if (text) problems[field] = { code: 'hidden_field' };
    } else if (!text) {
      if (complete && requirement === 'mandatory') problems[field] = { code: 'required' };
    } else if (text.length > MAX_FIELD_LENGTH) {
      problems[field] = { code: 'too_long', max: MAX_FIELD_LENGTH };
    } else {
      customer[field] = text;
    }
  }
  if (customer.email && !isEmailAddress(customer.email)) problems.email = { code: 'email_invalid' };
  if (customer.country) {
    customer.country = customer.country.toUpperCase();
    if (!isCountryCode(customer.country)) problems.country = { code: 'country_invalid' };
  }
  if (customer.postalCode) {
    const country = customer.country && !problems.country ? customer.country : rules.tenantCountry;
    if (!isPostalCode(customer.postalCode, country)) problems.postalCode = { code: 'postal_code_invalid', country };
  }
  if (customer.vatId) {
    const vatId = normalizeVatId(customer.vatId);
    customer.vatId = vatId;
    const problem = vatIdProblem(vatId, customer.country ?? rules.tenantCountry);
    if (problem) problems.vatId = problem;
  }
  return { customer, problems };
}

/**
 * Whether `postalCode` is one of `country`'s, by the rules of `postcode-validator` (the form checks with the same
 * library). A country the library has no rule for takes any postal code.
 */
export function isPostalCode(postalCode: string, country: string): boolean {
  return !postcodeValidatorExistsForCountry(country) || postcodeValidator(postalCode, country);
}

function vatIdProblem(vatId: string, country: string): CustomerProblem | null {
  if (!isEuCountry(country)) return /^[A-Z0-9]{4,20}$/.test(vatId) ? null : { code: 'vat_id_invalid' };
  const idCountry = vatIdCountry(vatId);
  if (!idCountry) return { code: 'vat_id_invalid', example: VAT_ID_EXAMPLE };
  return idCountry === country ? null : { code: 'vat_id_wrong_country', country };
}
