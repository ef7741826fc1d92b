import { Type } from 'typebox';
import type { CustomerField, CustomerInput } from '@portico/core';
import type { Customer } from '../db/schema.ts';

/** Every customer field (`CustomerField` of `@portico/core`), in the order forms show them. */
export const ALL_CUSTOMER_FIELDS = [
  'email',
  'company',
  'firstName',
  'lastName',
  'street',
  'houseNumber',
  'postalCode',
  'city',
  'country',
  'phone',
  'vatId',
] as const satisfies readonly CustomerField[];

/**
 * The `customers` column of each field: what the signup stores and the portal's billing address edits. The two
 * `satisfies` keep the list above complete: every `CustomerField` has a column, and every column's field is listed.
 */
export const CUSTOMER_COLUMNS = {
  email: 'email',
  company: 'company',
  firstName: 'first_name',
  lastName: 'last_name',
  street: 'street',
  houseNumber: 'house_number',
  postalCode: 'postal_code',
  city: 'city',
  country: 'country',
  phone: 'phone',
  vatId: 'vat_id',
} as const satisfies Record<CustomerField, keyof Customer> satisfies Record<
  (typeof ALL_CUSTOMER_FIELDS)[number],
  keyof Customer
>;

/** The `customers` columns of checked customer fields: each field's column, null for a field not given. */
export function customerColumns(customer: CustomerInput): {
  [F in CustomerField as (typeof CUSTOMER_COLUMNS)[F]]: string | null;
} {
  return Object.fromEntries(
    ALL_CUSTOMER_FIELDS.map((field) => [CUSTOMER_COLUMNS[field], customer[field] ?? null]),
  ) as never;
}

export function isCustomerField(key: string): key is CustomerField {
  return Object.hasOwn(CUSTOMER_COLUMNS, key);
}

const text = () => Type.Optional(Type.String());

/**
 * Customer fields as a request sends them (`CustomerInput` of `@portico/core`): text per field. The object is left
 * open on purpose: a field the form does not know is refused by `checkCustomer` with a message that names it.
 */
export const CustomerFieldsInput = Type.Object(
  {
    email: text(),
    company: text(),
    firstName: text(),
    lastName: text(),
    street: text(),
    houseNumber: text(),
    postalCode: text(),
    city: text(),
    country: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2, e.g. `DE`.' })),
    phone: text(),
    vatId: Type.Optional(Type.String({ description: 'e.g. `DE811907980`; spaces, dots and dashes are ignored.' })),
  },
  {
    description:
      'Customer fields (text). Which ones are mandatory, optional or hidden is the tenant’s setting (the signup ' +
      'config’s `fields`); a hidden or unknown field is refused with a message on it.',
  },
);
