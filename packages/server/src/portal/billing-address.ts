import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import type { BillingAddressField, BillingAddressView, CustomerField } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import type { Customer, DB } from '../db/schema.ts';
import { ALL_CUSTOMER_FIELDS } from '../db/tenant.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { SignupContext } from '../signup/context.ts';
import { checkCustomer, isObject } from '../signup/validate.ts';
import { portalOf, requireAccess, type PortalContext } from './context.ts';

const COLUMNS = {
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
} as const satisfies Record<CustomerField, keyof Customer>;

/**
 * The customer's billing address with the tenant's field requirements (the signup form's). Invoices made after a
 * change use the new address. Optimistic concurrency: the PUT names the `version` it edited; a stale one → 409.
 */
export const billingAddressRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database } },
) => {
  const db = database.db;
  const path = '/billing-address';

  app.get<{ Params: { tenant: string } }>(path, async (request): Promise<BillingAddressView> => {
    const context = portalOf(request);
    requireAccess(context, 'billingAddress', 'contract', 'see the billing address');
    return toView(context, await loadCustomer(db, context));
  });

  app.put<{ Params: { tenant: string }; Body: unknown }>(path, async (request): Promise<BillingAddressView> => {
    const context = portalOf(request);
    requireAccess(context, 'billingAddress', 'contract', 'change the billing address');
    const body = request.body;
    if (!isObject(body)) throw invalid({ address: 'Send { address, version }.' });
    if (typeof body.version !== 'number' || !Number.isInteger(body.version)) {
      throw invalid({ version: 'version must be the version you loaded.' });
    }
    const tenant = await db
      .selectFrom('tenants')
      .where('id', '=', context.tenantId)
      .select('country')
      .executeTakeFirstOrThrow();
    // The signup's customer checks only read the field requirements and the tenant's country.
    const checkContext = { settings: context.settings, tenant: { country: tenant.country } } as SignupContext;
    const customerFields: Record<string, string> = {};
    const address = checkCustomer(body.address, checkContext, customerFields, true);
    const fields = Object.fromEntries(
      Object.entries(customerFields).map(([key, message]) => [key.replace(/^customer/, 'address'), message]),
    );
    if (Object.keys(fields).length) throw invalid(fields);
    const version = body.version;
    return db.transaction().execute(async (trx) => {
      const before = await loadCustomer(trx, context, true);
      if (before.version !== version) {
        throw new HttpError(
          409,
          'version_conflict',
          'Someone else changed the billing address in the meantime. Reload it and apply your change again.',
        );
      }
      const changes: Record<string, string | null> = {};
      const previous: Record<string, string | null> = {};
      for (const field of visibleFields(context)) {
        const column = COLUMNS[field];
        const value = address[field] ?? null;
        if (field === 'email' && value === null) continue;
        if ((before[column] ?? null) !== value) {
          changes[column] = value;
          previous[field] = before[column] ?? null;
        }
      }
      if (!Object.keys(changes).length) return toView(context, before);
      const after = await trx
        .updateTable('customers')
        .set({ ...changes, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
        .where('tenant_id', '=', context.tenantId)
        .where('id', '=', context.customerId)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('audit_log')
        .values({
          tenant_id: context.tenantId,
          actor_type: 'person',
          actor_id: context.person.id,
          action: 'customer.billing_address_changed',
          entity_type: 'customer',
          entity_id: context.customerId,
          data: JSON.stringify({ previous, changed: Object.keys(previous) }),
        })
        .execute();
      return toView(context, after);
    });
  });
};

const invalid = (fields: Record<string, string>) =>
  new HttpError(400, 'invalid_request', 'Please check the highlighted fields.', fields);

function visibleFields(context: PortalContext): CustomerField[] {
  return ALL_CUSTOMER_FIELDS.filter((field) => context.settings.signup.fields[field] !== 'hidden');
}

async function loadCustomer(db: Kysely<DB>, context: PortalContext, lock = false): Promise<Customer> {
  let query = db
    .selectFrom('customers')
    .where('tenant_id', '=', context.tenantId)
    .where('id', '=', context.customerId)
    .selectAll();
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('This customer');
  return row;
}

function toView(context: PortalContext, customer: Customer): BillingAddressView {
  const address: BillingAddressView['address'] = {};
  const requirements: BillingAddressView['requirements'] = {};
  for (const field of visibleFields(context)) {
    address[field as BillingAddressField] = customer[COLUMNS[field]] ?? '';
    requirements[field as BillingAddressField] = context.settings.signup.fields[field] as 'mandatory' | 'optional';
  }
  return { address, requirements, version: customer.version };
}
