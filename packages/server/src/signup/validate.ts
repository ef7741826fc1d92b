import type { CustomerRules } from '../customers/validate.ts';
import type { Component, TenantSettings } from '../db/schema.ts';
import type { SignupContext } from './context.ts';

/**
 * The signup's domain checks, after the route schemas (`schemas.ts`) have checked the request's shape: what the
 * tenant's catalog and settings allow. Each adds field messages to `fields` (keys as in `@portico/core`'s
 * signup-api.ts: `components.{id}`, `terms.{key}`). The customer's rules are `customers/`'s, the payment's
 * `payments/`'s (`checkPaymentInput`, `checkSepa`).
 */

export type Fields = Record<string, string>;

/** Chosen components: known ids, whole quantities within min/max (on/off: 0 or 1). Unchosen ones get their default. */
export function checkComponents(
  chosen: Readonly<Record<string, number>>,
  components: Map<string, Component>,
  fields: Fields,
): Array<{ component: Component; quantity: number }> {
  const quantities = new Map<string, number>();
  for (const [id, quantity] of Object.entries(chosen)) {
    const component = components.get(id);
    const key = `components.${id}`;
    if (!component) {
      fields[key] = 'This component does not exist or cannot be chosen for this plan.';
      continue;
    }
    const max = component.kind === 'on_off' ? 1 : component.max_quantity;
    if (!Number.isInteger(quantity)) {
      fields[key] = `${component.name}: the quantity must be a whole number.`;
    } else if (quantity < component.min_quantity || (max !== null && quantity > max)) {
      fields[key] =
        max === null
          ? `${component.name}: choose at least ${component.min_quantity}.`
          : `${component.name}: choose between ${component.min_quantity} and ${max}.`;
    } else {
      quantities.set(id, quantity);
    }
  }
  return [...components.values()].map((component) => ({
    component,
    quantity: quantities.get(component.id) ?? component.default_quantity,
  }));
}

/** What the customer rules (`customers/`) need of a signup: the tenant's field requirements and country. */
export function customerRules(signup: Pick<SignupContext, 'settings' | 'tenant'>): CustomerRules {
  return { requirements: signup.settings.signup.fields, tenantCountry: signup.tenant.country };
}

/** Terms: every required one ticked, no unknown keys. Returns the accepted keys. */
export function checkTerms(
  accepted: readonly string[],
  terms: TenantSettings['signup']['terms'],
  fields: Fields,
): Set<string> {
  const keys = new Set(accepted);
  const known = new Set(terms.map((term) => term.key));
  for (const key of keys) if (!known.has(key)) fields[`terms.${key}`] = `Unknown term "${key}".`;
  for (const term of terms) {
    if (term.kind === 'required' && !keys.has(term.key)) fields[`terms.${term.key}`] = 'Please accept this to order.';
  }
  return keys;
}
