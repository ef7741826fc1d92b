import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.ts';
import { runBilling, type IssuedInvoice } from '../billing/recurring.ts';
import { HttpError } from '../http/errors.ts';
import { tenantToday } from '../portal/cancellation.ts';
import { isDate } from '../portal/earliest-end.ts';
import { authenticateApiKey } from './api-keys.ts';

export interface BillingRunResult {
  /** The billing date the run used ('YYYY-MM-DD'). */
  date: string;
  /** Numbers of the invoices this run issued, in issue order (empty when nothing was due). */
  invoiceNumbers: string[];
  invoices: IssuedInvoice[];
}

/**
 * `POST /api/v1/billing-runs` (API key) body `{ "date": "YYYY-MM-DD" }` (optional; default today in the tenant's
 * time zone): issues the invoices of every contract of the key's tenant whose period ended before that date, each
 * with its invoice e-mail queued, and ends the contracts whose end date has passed (billing/recurring.ts).
 * Idempotent per date: a second run issues and sends nothing new. 400 `invalid_request` with `fields.date` for a
 * malformed date.
 */
export function registerBillingRunRoute(app: FastifyInstance, { database }: AppContext): void {
  app.post<{ Body: { date?: unknown } | null }>('/api/v1/billing-runs', async (request): Promise<BillingRunResult> => {
    const { tenantId, keyId } = await authenticateApiKey(database.db, request);
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpError(400, 'invalid_request', 'The body must be a JSON object.');
    }
    if (body.date !== undefined && !isDate(body.date)) {
      throw new HttpError(400, 'invalid_request', 'Please correct the marked fields.', {
        date: 'Send the billing date as a calendar date YYYY-MM-DD, e.g. 2026-12-01.',
      });
    }
    const date = (body.date as string | undefined) ?? (await tenantToday(database.db, tenantId));
    const invoices = await runBilling(database.db, tenantId, date);
    await database.db
      .insertInto('audit_log')
      .values({
        tenant_id: tenantId,
        actor_type: 'api_key',
        actor_id: keyId,
        action: 'billing_run.completed',
        entity_type: 'tenant',
        entity_id: tenantId,
        data: JSON.stringify({ date, invoiceNumbers: invoices.map((invoice) => invoice.number) }),
      })
      .execute();
    return { date, invoiceNumbers: invoices.map((invoice) => invoice.number), invoices };
  });
}
