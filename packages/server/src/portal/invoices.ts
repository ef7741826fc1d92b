import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import type { Static } from 'typebox';
import type { InvoicePage, InvoiceSummary } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { isDate } from '../contracts/dates.ts';
import { renderInvoicePdf } from '../documents/invoice-pdf.ts';
import type { DB, Invoice } from '../db/schema.ts';
import { scoped } from '../db/tenant.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import { portalOf, requires, type PortalContext } from './context.ts';
import {
  Download,
  InvoicePageSchema,
  InvoiceQuery,
  refuseAs,
  signedIn,
  tags,
  TenantAndId,
  TenantParams,
} from './schemas.ts';

const DEFAULT_LIMIT = 20;
const NO_CONTRACT = '00000000-0000-0000-0000-000000000000';

/**
 * The customer's invoices and credit notes the session may see: never drafts, only the token's contracts (and
 * invoices without a contract).
 */
export function visibleInvoices(db: Kysely<DB>, context: PortalContext) {
  const contracts = context.contractIds.length ? context.contractIds : [NO_CONTRACT];
  return scoped(db, context.tenantId)
    .selectFrom('invoices')
    .where('invoices.customer_id', '=', context.customerId)
    .where('invoices.status', '<>', 'draft')
    .where((eb) => eb.or([eb('invoices.contract_id', 'in', contracts), eb('invoices.contract_id', 'is', null)]));
}

export function toInvoiceSummary(
  row: Pick<
    Invoice,
    'id' | 'number' | 'kind' | 'status' | 'issue_date' | 'due_date' | 'gross_cents' | 'currency' | 'contract_id'
  >,
): InvoiceSummary {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    status: row.status,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    grossCents: row.gross_cents,
    currency: row.currency.trim(),
    contractId: row.contract_id,
  };
}

/** Invoice list (keyset paging over (issue_date desc, id)) and the invoice PDF. */
export const invoiceRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const db = database.db;

  app.get(
    '/invoices',
    {
      schema: {
        summary: "The customer's invoices and credit notes, newest first, a page at a time",
        tags,
        security: signedIn,
        params: TenantParams,
        querystring: InvoiceQuery,
        response: { 200: InvoicePageSchema, ...errors(400, 401, 403, 404) },
      },
      preValidation: requires('invoices', 'invoices', 'see invoices'),
      schemaErrorFormatter: refuseAs('invalid_filter', 'Some filters are not valid.'),
    },
    async (request): Promise<InvoicePage> => {
      const context = portalOf(request);
      const filters = parseFilters(request.query, context);
      let query = visibleInvoices(db, context);
      if (filters.contract) query = query.where('invoices.contract_id', '=', filters.contract);
      const years = await listYears(db, context, filters.contract);
      if (filters.status) query = query.where('invoices.status', '=', filters.status);
      if (filters.year) {
        query = query
          .where('invoices.issue_date', '>=', `${filters.year}-01-01`)
          .where('invoices.issue_date', '<', `${filters.year + 1}-01-01`);
      }
      if (filters.cursor) {
        const [date, id] = filters.cursor;
        // Matches the index (tenant_id, customer_id, issue_date desc, id): newest first, then id ascending.
        query = query
          .where('invoices.issue_date', '<=', date)
          .where((eb) =>
            eb.or([
              eb('invoices.issue_date', '<', date),
              eb.and([eb('invoices.issue_date', '=', date), eb('invoices.id', '>', id)]),
            ]),
          );
      }
      const rows = await query
        .orderBy('invoices.issue_date', 'desc')
        .orderBy('invoices.id', 'asc')
        .limit(filters.limit + 1)
        .selectAll('invoices')
        .execute();
      const page = rows.slice(0, filters.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toInvoiceSummary),
        nextCursor: rows.length > filters.limit && last ? encodeCursor(last.issue_date, last.id) : null,
        years,
      };
    },
  );

  app.get(
    '/invoices/:id/pdf',
    {
      schema: {
        summary: 'An invoice or credit note as PDF',
        tags,
        security: signedIn,
        params: TenantAndId,
        produces: ['application/pdf'],
        response: { 200: Download, ...errors(401, 403, 404) },
      },
      preValidation: requires('invoices', 'invoices', 'download invoices'),
    },
    async (request, reply) => {
      const context = portalOf(request);
      if (!isUuid(request.params.id)) throw notFound('This invoice');
      const invoice = await visibleInvoices(db, context)
        .where('invoices.id', '=', request.params.id)
        .selectAll('invoices')
        .executeTakeFirst();
      if (!invoice) throw notFound('This invoice');
      const lines = await scoped(db, context.tenantId)
        .selectFrom('invoice_lines')
        .where('invoice_id', '=', invoice.id)
        .orderBy('position')
        .selectAll()
        .execute();
      const tenant = await db
        .selectFrom('tenants')
        .where('id', '=', context.tenantId)
        .select(['name'])
        .executeTakeFirstOrThrow();
      const corrects = invoice.corrects_invoice_id
        ? await scoped(db, context.tenantId)
            .selectFrom('invoices')
            .where('id', '=', invoice.corrects_invoice_id)
            .select('number')
            .executeTakeFirst()
        : undefined;
      const pdf = await renderInvoicePdf({
        merchantName: tenant.name,
        invoice,
        lines,
        correctsNumber: corrects?.number ?? null,
        branding: context.settings.branding,
      });
      const filename = `${invoice.number}.pdf`.replace(/[^\w.-]/g, '_');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(pdf);
    },
  );
};

/** The checked query's values: a contract outside the session is 404, a cursor that is not ours `invalid_filter`. */
function parseFilters({ contract, status, year, cursor, limit }: Static<typeof InvoiceQuery>, context: PortalContext) {
  if (contract && (!isUuid(contract) || !context.contractIds.includes(contract))) throw notFound('This contract');
  const position = cursor ? decodeCursor(cursor) : undefined;
  if (cursor && !position) {
    // The schema's refusals (`refuseAs` above) and this one share the code.
    throw new HttpError(400, 'invalid_filter', 'Some filters are not valid.', {
      cursor: 'a cursor from a previous page',
    });
  }
  return { contract: contract || undefined, status, year, limit: limit ?? DEFAULT_LIMIT, cursor: position };
}

function encodeCursor(date: string, id: string): string {
  return Buffer.from(JSON.stringify([date, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      isDate(value[0]) &&
      isUuid(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through: not a cursor of ours
  }
  return undefined;
}

/**
 * Years with visible invoices, newest first. A loose index scan (one index probe per year) keeps this fast for
 * customers with very many invoices.
 */
async function listYears(db: Kysely<DB>, context: PortalContext, contract: string | undefined): Promise<number[]> {
  const contracts = context.contractIds.length ? context.contractIds : [NO_CONTRACT];
  const scope = sql`tenant_id = ${context.tenantId} and customer_id = ${context.customerId} and status <> 'draft'
    and (contract_id in (${sql.join(contracts)}) or contract_id is null)
    ${contract ? sql`and contract_id = ${contract}` : sql``}`;
  const result = await sql<{ year: number }>`
    with recursive y(year) as (
      (select extract(year from issue_date)::int from invoices where ${scope} order by issue_date desc limit 1)
      union all
      select (
        select extract(year from issue_date)::int from invoices
        where ${scope} and issue_date < make_date(y.year, 1, 1)
        order by issue_date desc limit 1
      ) from y where y.year is not null
    )
    select year from y where year is not null`.execute(db);
  return result.rows.map((row) => Number(row.year));
}
