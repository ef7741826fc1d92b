import {
  canonicalLanguageTag,
  isLanguageTag,
  type CustomerField,
  type CustomerInput,
  type OrderDraft,
  type PaymentInput,
} from '@portico/core';
import type { Component } from '../db/schema.ts';
import { ALL_CUSTOMER_FIELDS } from '../db/tenant.ts';
import { HttpError } from '../http/errors.ts';
import { isEuCountry, normalizeVatId, vatIdCountry } from '../billing/tax.ts';
import type { SignupContext } from './context.ts';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const MAX_FIELD_LENGTH = 200;
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

export type Fields = Record<string, string>;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An ISO 3166-1 alpha-2 country code that names a real region. */
export function isCountryCode(value: string): boolean {
  if (!/^[A-Z]{2}$/.test(value)) return false;
  try {
    return regionNames.of(value) !== undefined;
  } catch {
    return false;
  }
}

export function invalid(fields: Fields, message = 'Please check the highlighted fields.'): HttpError {
  return new HttpError(400, 'invalid_request', message, fields);
}

/** The body must be a JSON object naming a plan variant; otherwise 400 before anything is looked up. */
export function requireDraftShape(body: unknown): Record<string, unknown> & { planVariantId: unknown } {
  if (!isObject(body)) throw new HttpError(400, 'invalid_request', 'The request body must be a JSON object.');
  return body as Record<string, unknown> & { planVariantId: unknown };
}

/** Chosen components: known ids, whole numbers within min/max (on/off: 0 or 1). */
export function checkComponents(
  raw: unknown,
  components: Map<string, Component>,
  fields: Fields,
): Array<{ component: Component; quantity: number }> {
  const chosen = new Map<string, number>();
  if (raw !== undefined && !isObject(raw)) {
    fields.components = 'components must map component ids to quantities.';
    return [];
  }
  for (const [id, quantity] of Object.entries(raw ?? {})) {
    const component = components.get(id);
    const key = `components.${id}`;
    if (!component) {
      fields[key] = 'This component does not exist or cannot be chosen for this plan.';
      continue;
    }
    const max = component.kind === 'on_off' ? 1 : component.max_quantity;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity)) {
      fields[key] = `${component.name}: the quantity must be a whole number.`;
    } else if (quantity < component.min_quantity || (max !== null && quantity > max)) {
      fields[key] =
        max === null
          ? `${component.name}: choose at least ${component.min_quantity}.`
          : `${component.name}: choose between ${component.min_quantity} and ${max}.`;
    } else {
      chosen.set(id, quantity);
    }
  }
  return [...components.values()].map((component) => ({
    component,
    quantity: chosen.get(component.id) ?? component.default_quantity,
  }));
}

/**
 * Customer fields against the tenant's requirements. `complete` (orders) also requires mandatory fields; the
 * preview only checks what was typed. Returns the trimmed values (empty ones left out).
 */
export function checkCustomer(raw: unknown, context: SignupContext, fields: Fields, complete: boolean): CustomerInput {
  const requirements = context.settings.signup.fields;
  const customer: CustomerInput = {};
  if (raw !== undefined && !isObject(raw)) {
    fields.customer = 'customer must be an object of customer fields.';
    return customer;
  }
  const input = raw ?? {};
  for (const key of Object.keys(input)) {
    if (!(ALL_CUSTOMER_FIELDS as readonly string[]).includes(key))
      fields[`customer.${key}`] = `Unknown field "${key}".`;
  }
  for (const field of ALL_CUSTOMER_FIELDS) {
    const key = `customer.${field}`;
    const value = input[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      fields[key] = 'This field must be text.';
      continue;
    }
    const text = (value ?? '').trim();
    const requirement = requirements[field as CustomerField] ?? 'optional';
    if (requirement === 'hidden') {
      if (text) fields[key] = `The field "${field}" is not part of this signup form and must not be sent.`;
      continue;
    }
    if (!text) {
      if (complete && requirement === 'mandatory') fields[key] = 'This field is required.';
      continue;
    }
    if (text.length > MAX_FIELD_LENGTH) {
      fields[key] = `At most ${MAX_FIELD_LENGTH} characters.`;
      continue;
    }
    customer[field as CustomerField] = text;
  }
  if (customer.email && !EMAIL.test(customer.email)) fields['customer.email'] = 'Enter a valid e-mail address.';
  if (customer.country) {
    customer.country = customer.country.toUpperCase();
    if (!isCountryCode(customer.country)) {
      fields['customer.country'] = 'Choose a country (two-letter ISO code such as DE).';
    }
  }
  if (customer.vatId) {
    const vatId = normalizeVatId(customer.vatId);
    customer.vatId = vatId;
    const country = customer.country ?? context.tenant.country;
    if (isEuCountry(country)) {
      const idCountry = vatIdCountry(vatId);
      if (!idCountry) fields['customer.vatId'] = 'This VAT ID is not valid (e.g. DE123456789).';
      else if (idCountry !== country) fields['customer.vatId'] = `This VAT ID is not from ${country}.`;
    } else if (!/^[A-Z0-9]{4,20}$/.test(vatId)) {
      fields['customer.vatId'] = 'This VAT ID is not valid.';
    }
  }
  return customer;
}

/** The order's language: a tag by the one rule of `@portico/core`, in canonical form. */
export function checkLanguage(raw: unknown, fields: Fields): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (!isLanguageTag(raw)) {
    fields.language = 'language must be a language code such as "en".';
    return undefined;
  }
  return canonicalLanguageTag(raw as string) ?? undefined;
}

/** Terms: every required one ticked, no unknown keys. */
export function checkTerms(raw: unknown, context: SignupContext, fields: Fields): Set<string> {
  if (!Array.isArray(raw) || raw.some((key) => typeof key !== 'string')) {
    fields.acceptedTerms = 'acceptedTerms must be a list of term keys.';
    return new Set();
  }
  const accepted = new Set(raw as string[]);
  const known = new Set(context.settings.signup.terms.map((term) => term.key));
  for (const key of accepted) if (!known.has(key)) fields[`terms.${key}`] = `Unknown term "${key}".`;
  for (const term of context.settings.signup.terms) {
    if (term.kind === 'required' && !accepted.has(term.key))
      fields[`terms.${term.key}`] = 'Please accept this to order.';
  }
  return accepted;
}

/** The payment part's shape and that its kind is enabled; the kind-specific checks follow separately. */
export function checkPaymentShape(raw: unknown, context: SignupContext, fields: Fields): PaymentInput | null {
  if (!isObject(raw) || typeof raw.kind !== 'string') {
    fields['payment.kind'] = 'Choose a payment method.';
    return null;
  }
  const kind = raw.kind as PaymentInput['kind'];
  if (!(context.settings.signup.paymentMethods as string[]).includes(kind)) {
    fields['payment.kind'] = `The payment method "${raw.kind}" is not available.`;
    return null;
  }
  if (kind === 'card' && (typeof raw.cardToken !== 'string' || !raw.cardToken)) {
    fields['payment.cardToken'] = 'Enter your card details.';
    return null;
  }
  return raw as unknown as PaymentInput;
}

export type CheckedDraft = Omit<OrderDraft, 'components'> & {
  components: Array<{ component: Component; quantity: number }>;
};
