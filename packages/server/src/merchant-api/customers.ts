import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql, type Kysely } from 'kysely';
import { canonicalLanguageTag, PERSON_PERMISSIONS, type CustomerInput } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { writeAudit } from '../audit/audit.ts';
import { ALL_CUSTOMER_FIELDS, CUSTOMER_COLUMNS, customerColumns, CustomerFieldsInput } from '../customers/fields.ts';
import { customerFieldMessages } from '../customers/messages.ts';
import { checkCustomer } from '../customers/validate.ts';
import type { Customer, DB, Person } from '../db/schema.ts';
import { getTenant, nextNumber } from '../db/tenant.ts';
import { HttpError, invalid, notFound } from '../http/errors.ts';
import { DateTimeString, errors, IdParam, NoContent, Nullable } from '../http/schemas.ts';
import { merchantOf } from './api-keys.ts';
import { olderThan, Page, pageOf, PageQuery, pageRequest } from './paging.ts';
import { recordEvent } from '../webhooks/events.ts';

const text = (description?: string) => Nullable(Type.String(description ? { description } : {}));

const PersonSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    firstName: text(),
    lastName: text(),
    phone: text(),
    role: Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('member')]),
    permissions: Type.Array(Type.String()),
    createdAt: DateTimeString,
  },
  { title: 'Person' },
);

const CustomerSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ description: "The customer number (the tenant's gapless series)." }),
    email: Type.String(),
    company: text(),
    firstName: text(),
    lastName: text(),
    street: text(),
    houseNumber: text(),
    postalCode: text(),
    city: text(),
    country: text('ISO 3166-1 alpha-2'),
    phone: text(),
    vatId: text(),
    language: text('The language of e-mails and documents, e.g. `de`.'),
    version: Type.Integer({ description: 'Raised by every change.' }),
    createdAt: DateTimeString,
    updatedAt: DateTimeString,
    persons: Type.Array(PersonSchema, { description: 'Who may open the portal; the owner first.' }),
  },
  { title: 'Customer' },
);

const CustomerBody = Type.Intersect([
  CustomerFieldsInput,
  Type.Object({ language: Type.Optional(Type.String({ description: 'e.g. `de`.', examples: ['de'] })) }),
]);

const CustomerQuery = Type.Object(
  {
    ...PageQuery,
    email: Type.Optional(Type.String({ maxLength: 320, description: 'Exactly this e-mail address (any case).' })),
    text: Type.Optional(
      Type.String({ maxLength: 200, description: 'Part of the number, company, name or e-mail address.' }),
    ),
  },
  { additionalProperties: false },
);

type CustomerJson = ReturnType<typeof customerJson>;

function personJson(person: Person) {
  return {
    id: person.id,
    email: person.email,
    firstName: person.first_name,
    lastName: person.last_name,
    phone: person.phone,
    role: person.role,
    permissions: person.permissions,
    createdAt: person.created_at.toISOString(),
  };
}

function customerJson(customer: Customer, persons: Person[]) {
  return {
    id: customer.id,
    number: customer.customer_number,
    ...Object.fromEntries(ALL_CUSTOMER_FIELDS.map((field) => [field, customer[CUSTOMER_COLUMNS[field]]])),
    email: customer.email,
    language: customer.language,
    version: customer.version,
    createdAt: customer.created_at.toISOString(),
    updatedAt: customer.updated_at.toISOString(),
    persons: persons.map(personJson),
  } as Record<(typeof ALL_CUSTOMER_FIELDS)[number], string | null> & {
    id: string;
    number: string;
    email: string;
    language: string | null;
    version: number;
    createdAt: string;
    updatedAt: string;
    persons: ReturnType<typeof personJson>[];
  };
}

/** The customers' persons, owner first, then by age. */
async function personsOf(db: Kysely<DB>, tenantId: string, customerIds: string[]): Promise<Map<string, Person[]>> {
  const byCustomer = new Map<string, Person[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return byCustomer;
  const rows = await db
    .selectFrom('persons')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', 'in', customerIds)
    .selectAll()
    .orderBy(sql`role = 'owner'`, 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const row of rows) byCustomer.get(row.customer_id)?.push(row);
  return byCustomer;
}

async function loadCustomer(db: Kysely<DB>, tenantId: string, id: string, lock = false): Promise<Customer> {
  if (!isUuid(id)) throw notFound('This customer');
  let query = db.selectFrom('customers').where('tenant_id', '=', tenantId).where('id', '=', id).selectAll();
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('This customer');
  return row;
}

/**
 * The customer fields of a request body, checked: e-mail address mandatory, every other field optional whatever
 * the signup form asks (the merchant may hold what its form hides), formats as everywhere (`checkCustomer`), a
 * language tag; 400 with a message per field otherwise. `complete`: an existing customer's values are merged in
 * first (a PATCH), so only what the request changes needs to be sent.
 */
async function checkedBody(
  db: Kysely<DB>,
  tenantId: string,
  body: CustomerInput & { language?: string } & Record<string, unknown>,
): Promise<{ customer: CustomerInput; language: string | null | undefined }> {
  const { language, ...fields } = body;
  const tenant = await getTenant(db, tenantId);
  const { customer, problems } = checkCustomer(
    fields,
    { requirements: { email: 'mandatory' }, tenantCountry: tenant?.country ?? 'DE' },
    true,
  );
  const messages = customerFieldMessages(problems, 'en', '');
  let canonical: string | null | undefined;
  if (language !== undefined) {
    canonical = language.trim() ? canonicalLanguageTag(language) : null;
    if (canonical === null && language.trim()) messages.language = 'Send a language tag such as `de` or `en-GB`.';
  }
  if (Object.keys(messages).length) throw invalid(messages);
  return { customer, language: canonical };
}

/**
 * The merchant API's customers: `GET /customers` (newest first, cursor paging, filters `email` and `text`),
 * `GET /customers/{id}`, `POST /customers` (a customer number from the tenant's series and an owner who may open
 * the portal, in one transaction), `PATCH /customers/{id}` (the fields sent; a field sent as "" is cleared),
 * `DELETE /customers/{id}` (only a customer without contracts or invoices: 409 otherwise). Each change is audited.
 */
export const customerRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const { db } = database;
  const tags = ['customers'];
  const security = [{ apiKey: [] }];
  const Params = Type.Object({ id: IdParam });

  app.get(
    '/customers',
    {
      schema: {
        summary: 'List customers',
        tags,
        security,
        querystring: CustomerQuery,
        response: { 200: Page(CustomerSchema, 'CustomerList'), ...errors(400, 401, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      const { limit, after } = pageRequest(request.query);
      let query = db.selectFrom('customers').where('tenant_id', '=', tenantId).selectAll();
      if (after) query = query.where(olderThan('customers', tenantId, after));
      const email = request.query.email?.trim();
      if (email) query = query.where(sql<boolean>`lower(email) = lower(${email})`);
      const search = request.query.text?.trim();
      if (search) {
        const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or(
            (['customer_number', 'company', 'first_name', 'last_name', 'email'] as const).map((column) =>
              eb(column, 'ilike', pattern),
            ),
          ),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const persons = await personsOf(
        db,
        tenantId,
        rows.slice(0, limit).map((row) => row.id),
      );
      return pageOf(rows, limit, (row): CustomerJson => customerJson(row, persons.get(row.id) ?? []));
    },
  );

  app.get(
    '/customers/:id',
    {
      schema: {
        summary: 'Get a customer',
        tags,
        security,
        params: Params,
        response: { 200: CustomerSchema, ...errors(401, 404, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      const customer = await loadCustomer(db, tenantId, request.params.id);
      return customerJson(customer, (await personsOf(db, tenantId, [customer.id])).get(customer.id)!);
    },
  );

  app.post(
    '/customers',
    {
      schema: {
        summary: 'Create a customer (with its owner)',
        tags,
        security,
        body: CustomerBody,
        response: { 201: CustomerSchema, ...errors(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { tenantId, keyId } = merchantOf(request);
      const { customer, language } = await checkedBody(db, tenantId, request.body);
      const created = await db.transaction().execute(async (trx) => {
        const number = await nextNumber(trx, tenantId, 'customer');
        const row = await trx
          .insertInto('customers')
          .values({
            tenant_id: tenantId,
            customer_number: String(number),
            ...customerColumns(customer),
            email: customer.email!,
            language: language ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const owner = await trx
          .insertInto('persons')
          .values({
            tenant_id: tenantId,
            customer_id: row.id,
            email: row.email,
            first_name: row.first_name,
            last_name: row.last_name,
            phone: row.phone,
            role: 'owner',
            permissions: [...PERSON_PERMISSIONS],
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await writeAudit(trx, {
          tenantId,
          actor: { type: 'api_key', id: keyId },
          action: 'customer.created',
          entity: { type: 'customer', id: row.id },
          data: { number: row.customer_number },
        });
        await recordEvent(trx, tenantId, 'customer.created', {
          customerId: row.id,
          customerNumber: row.customer_number,
          source: 'api',
        });
        return customerJson(row, [owner]);
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/customers/:id',
    {
      schema: {
        summary: 'Change a customer',
        tags,
        security,
        params: Params,
        body: CustomerBody,
        response: { 200: CustomerSchema, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { tenantId, keyId } = merchantOf(request);
      const id = request.params.id;
      return db.transaction().execute(async (trx) => {
        const before = await loadCustomer(trx, tenantId, id, true);
        const merged: Record<string, string> = {};
        for (const field of ALL_CUSTOMER_FIELDS) merged[field] = before[CUSTOMER_COLUMNS[field]] ?? '';
        const { language, ...fields } = request.body as Record<string, unknown>;
        const { customer, language: newLanguage } = await checkedBody(trx, tenantId, {
          ...merged,
          ...fields,
          ...(language === undefined ? {} : { language: language as string }),
        });
        const columns = { ...customerColumns(customer), email: customer.email! };
        const changed = Object.entries(columns)
          .filter(([column, value]) => (before[column as keyof Customer] ?? null) !== value)
          .map(([column]) => column);
        if (newLanguage !== undefined && newLanguage !== before.language) changed.push('language');
        if (changed.length === 0) return customerJson(before, (await personsOf(trx, tenantId, [id])).get(id)!);
        const after = await trx
          .updateTable('customers')
          .set({
            ...columns,
            ...(newLanguage === undefined ? {} : { language: newLanguage }),
            version: sql<number>`version + 1`,
            updated_at: sql<Date>`now()`,
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await writeAudit(trx, {
          tenantId,
          actor: { type: 'api_key', id: keyId },
          action: 'customer.changed',
          entity: { type: 'customer', id },
          data: { changed },
        });
        await recordEvent(trx, tenantId, 'customer.changed', { customerId: id, changed, source: 'api' });
        return customerJson(after, (await personsOf(trx, tenantId, [id])).get(id)!);
      });
    },
  );

  app.delete(
    '/customers/:id',
    {
      schema: {
        summary: 'Delete a customer without contracts',
        tags,
        security,
        params: Params,
        response: { 204: NoContent, ...errors(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { tenantId, keyId } = merchantOf(request);
      const id = request.params.id;
      await db.transaction().execute(async (trx) => {
        const customer = await loadCustomer(trx, tenantId, id, true);
        // Anything billed or ordered keeps the customer (a contract, an invoice, an order).
        const held = await sql<{ held: boolean }>`select
            exists (select 1 from contracts where tenant_id = ${tenantId} and customer_id = ${id})
            or exists (select 1 from invoices where tenant_id = ${tenantId} and customer_id = ${id})
            or exists (select 1 from orders where tenant_id = ${tenantId} and customer_id = ${id}) as held`
          .execute(trx)
          .then((result) => result.rows[0]!.held);
        if (held) {
          throw new HttpError(
            409,
            'customer_has_contracts',
            'This customer has contracts or invoices and cannot be deleted; end its contracts instead.',
          );
        }
        // What belongs to the customer alone (persons, payment methods, documents, terms acceptances) goes with it.
        await trx.deleteFrom('customers').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
        await writeAudit(trx, {
          tenantId,
          actor: { type: 'api_key', id: keyId },
          action: 'customer.deleted',
          entity: { type: 'customer', id },
          data: { number: customer.customer_number },
        });
        await recordEvent(trx, tenantId, 'customer.deleted', {
          customerId: id,
          customerNumber: customer.customer_number,
        });
      });
      return reply.code(204).send(null);
    },
  );
};
