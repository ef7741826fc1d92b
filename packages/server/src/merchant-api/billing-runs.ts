import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FeatureOptions } from '../context.ts';
import { writeAudit } from '../audit/audit.ts';
import { runBilling } from '../billing/recurring.ts';
import { invalid } from '../http/errors.ts';
import { DateString, errors } from '../http/schemas.ts';
import { isDate, tenantToday } from '../contracts/dates.ts';
import { merchantOf } from './api-keys.ts';

const IssuedInvoice = Type.Object({
  id: Type.String(),
  number: Type.String(),
  contractId: Type.String(),
  contractNumber: Type.String(),
  periodStart: DateString,
  periodEnd: DateString,
  grossCents: Type.Integer(),
});

const BillingRunResult = Type.Object({
  date: DateString,
  invoiceNumbers: Type.Array(Type.String(), { description: 'The invoices this run issued, in issue order.' }),
  invoices: Type.Array(IssuedInvoice),
});

/**
 * `POST /api/v1/billing-runs` (API key) body `{ "date": "YYYY-MM-DD" }` (optional; default today in the tenant's
 * time zone): issues the invoices of every contract of the key's tenant whose period ended before that date, each
 * with its invoice e-mail queued, and ends the contracts whose end date has passed (billing/recurring.ts).
 * Idempotent per date: a second run issues and sends nothing new. 400 `invalid_request` with `fields.date` for a
 * malformed date.
 */
export const billingRunRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, clock } },
) => {
  app.post(
    '/billing-runs',
    {
      schema: {
        summary: 'Run billing for a date',
        tags: ['billing'],
        security: [{ apiKey: [] }],
        body: Type.Union([
          Type.Object({ date: Type.Optional(Type.Unknown()) }, { additionalProperties: false }),
          Type.Null(),
        ]),
        response: { 200: BillingRunResult, ...errors(400, 401) },
      },
    },
    async (request) => {
      const { tenantId, keyId } = merchantOf(request);
      const requested = request.body?.date;
      if (requested !== undefined && !isDate(requested)) {
        throw invalid(
          { date: 'Send the billing date as a calendar date YYYY-MM-DD, e.g. 2026-12-01.' },
          'Please correct the marked fields.',
        );
      }
      const date = requested ?? (await tenantToday(database.db, tenantId, clock()));
      const invoices = await runBilling(database.db, tenantId, date);
      const invoiceNumbers = invoices.map((invoice) => invoice.number);
      await writeAudit(database.db, {
        tenantId,
        actor: { type: 'api_key', id: keyId },
        action: 'billing_run.completed',
        entity: { type: 'tenant', id: tenantId },
        data: { date, invoiceNumbers },
      });
      return { date, invoiceNumbers, invoices };
    },
  );
};
