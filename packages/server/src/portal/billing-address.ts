import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { BillingAddressField, BillingAddressView, CustomerField } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { writeAudit } from '../audit/audit.ts';
import { ALL_CUSTOMER_FIELDS, CUSTOMER_COLUMNS, CustomerFieldsInput } from '../customers/fields.ts';
import { customerFieldMessages } from '../customers/messages.ts';
import { checkCustomer } from '../customers/validate.ts';
import type { Customer, DB } from '../db/schema.ts';
import { HttpError, invalid, notFound } from '../http/errors.ts';
import { errors, TenantParams } from '../http/schemas.ts';
import { portalLanguage, portalOf, requireAccess, type PortalContext } from './context.ts';
import { recordEvent } from '../webhooks/events.ts';

const BillingAddressViewSchema = Type.Object(
  {
    address: Type.Partial(Type.Record(Type.Enum(ALL_CUSTOMER_FIELDS), Type.String()), {
      description: 'The fields the tenant does not hide.',
    }),
    requirements: Type.Partial(Type.Record(Type.Enum(ALL_CUSTOMER_FIELDS), Type.Enum(['mandatory', 'optional'])), {
      description: "The tenant's requirement per field (hidden fields are absent).",
    }),
    version: Type.Integer({ description: 'Optimistic concurrency token: send it back with the change.' }),
  },
  { additionalProperties: false, title: 'BillingAddressView' },
);

const BillingAddressUpdateBody = Type.Object(
  {
    address: CustomerFieldsInput,
    version: Type.Integer({ description: 'The `version` of the address this change was made on.' }),
  },
  { additionalProperties: false, title: 'BillingAddressUpdate' },
);

const route = { tags: ['portal'], security: [{ portalSession: [] }], params: TenantParams };

/** Access is checked before the body: a person who may not change the address is told so (403), not what is wrong. */
const access = (what: string) => async (request: FastifyRequest) =>
  requireAccess(portalOf(request), 'billingAddress', 'contract', what);

/**
 * The customer's billing address with the tenant's field requirements (the signup form's) and the customer rules
 * of `customers/`. Invoices made after a change use the new address. Optimistic concurrency: the PUT names the
 * `version` it edited; a stale one → 409. Field messages are in the portal's language.
 */
export const billingAddressRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database } },
) => {
  const db = database.db;
  const path = '/billing-address';

  app.get(
    path,
    {
      preValidation: access('see the billing address'),
      schema: {
        ...route,
        summary: "The customer's billing address and the tenant's field requirements",
        response: { 200: BillingAddressViewSchema, ...errors(401, 403, 404) },
      },
    },
    async (request): Promise<BillingAddressView> => {
      const context = portalOf(request);
      return toView(context, await loadCustomer(db, context));
    },
  );

  app.put(
    path,
    {
      preValidation: access('change the billing address'),
      schema: {
        ...route,
        summary: 'Change the billing address (future invoices use it)',
        body: BillingAddressUpdateBody,
        response: { 200: BillingAddressViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request): Promise<BillingAddressView> => {
      const context = portalOf(request);
      const { version } = request.body;
      const tenant = await db
        .selectFrom('tenants')
        .where('id', '=', context.tenantId)
        .select('country')
        .executeTakeFirstOrThrow();
      const { customer: address, problems } = checkCustomer(
        request.body.address,
        { requirements: context.settings.signup.fields, tenantCountry: tenant.country.trim() },
        true,
      );
      if (Object.keys(problems).length) {
        throw invalid(customerFieldMessages(problems, portalLanguage(request, context), 'address'));
      }
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
          const column = CUSTOMER_COLUMNS[field];
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
        await writeAudit(trx, {
          tenantId: context.tenantId,
          actor: { type: 'person', id: context.person.id },
          action: 'customer.billing_address_changed',
          entity: { type: 'customer', id: context.customerId },
          data: { previous, changed: Object.keys(previous) },
        });
        await recordEvent(trx, context.tenantId, 'customer.changed', {
          customerId: context.customerId,
          changed: Object.keys(previous),
          source: 'portal',
        });
        return toView(context, after);
      });
    },
  );
};

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
    address[field as BillingAddressField] = customer[CUSTOMER_COLUMNS[field]] ?? '';
    requirements[field as BillingAddressField] = context.settings.signup.fields[field] as 'mandatory' | 'optional';
  }
  return { address, requirements, version: customer.version };
}
