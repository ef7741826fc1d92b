import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { CancellationInfo, CancellationRequest } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import type { DB } from '../db/schema.ts';
import { customerRecipient, sendTemplatedEmail } from '../email/send.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { formatDate } from '../i18n/format.ts';
import { portalOf, forbidden, requireAccess, type PortalContext } from './context.ts';
import { earliestEndDate, isDate, todayIn } from './earliest-end.ts';

type Params = { tenant: string; id: string };
const MAX_REASON = 1000;

/** Cancellation in due time: see `cancellation` endpoints in packages/core/src/portal-write-api.ts. */
export const cancellationRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const db = database.db;
  const path = '/contracts/:id/cancellation';

  app.get<{ Params: Params }>(path, async (request): Promise<CancellationInfo> => {
    const context = portalOf(request);
    requireAccess(context, 'cancellation', 'contract', 'cancel contracts');
    const today = await tenantToday(db, context.tenantId);
    return toInfo(context, await loadContract(db, context, request.params.id), today);
  });

  app.post<{ Params: Params; Body: CancellationRequest | null }>(path, async (request): Promise<CancellationInfo> => {
    const context = portalOf(request);
    requireAccess(context, 'cancellation', 'contract', 'cancel contracts');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw invalid({ body: 'Send a JSON object.' });
    if (body.endDate !== undefined && !isDate(body.endDate)) {
      throw invalid({ endDate: 'Enter the end date as YYYY-MM-DD.' });
    }
    if (body.reason !== undefined && (typeof body.reason !== 'string' || body.reason.length > MAX_REASON)) {
      throw invalid({ reason: `The reason can have at most ${MAX_REASON} characters.` });
    }
    const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim() : null;
    const today = await tenantToday(db, context.tenantId);
    return db.transaction().execute(async (trx) => {
      const row = await loadContract(trx, context, request.params.id, true);
      if (row.status === 'ended') throw new HttpError(409, 'contract_ended', 'This contract has already ended.');
      if (row.status === 'ending') {
        // Cancelling twice changes nothing; a different date is a conflict the customer must see.
        if (body.endDate === undefined || body.endDate === row.end_date) return toInfo(context, row, today);
        throw new HttpError(409, 'already_cancelled', `This contract is already cancelled to ${row.end_date}.`);
      }
      const earliest = earliest_(row, today)!;
      const endDate = (body.endDate as string | undefined) ?? earliest;
      if (endDate < earliest) {
        throw invalid({ endDate: `The contract can end on ${earliest} at the earliest.` });
      }
      const updated = await trx
        .updateTable('contracts')
        .set({
          status: 'ending',
          end_date: endDate,
          cancelled_at: sql<Date>`now()`,
          cancellation_reason: reason,
          version: sql<number>`version + 1`,
          updated_at: sql<Date>`now()`,
        })
        .where('tenant_id', '=', context.tenantId)
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, context, 'contract.cancelled', row.id, { endDate, reason, previousStatus: row.status });
      await confirm(trx, context, 'cancellationConfirmed', (language) => ({
        ContractNumber: row.contract_number,
        EndDate: formatDate(language, endDate),
      }));
      return toInfo(context, updated, today);
    });
  });

  app.delete<{ Params: Params }>(path, async (request): Promise<CancellationInfo> => {
    const context = portalOf(request);
    requireAccess(context, 'cancellation', 'contract', 'cancel contracts');
    if (!context.settings.selfService.allowCancellationWithdrawal) throw forbidden('withdraw cancellations');
    const today = await tenantToday(db, context.tenantId);
    return db.transaction().execute(async (trx) => {
      const row = await loadContract(trx, context, request.params.id, true);
      if (row.status !== 'ending' || !row.end_date) {
        throw new HttpError(409, 'not_cancelled', 'This contract has no cancellation to withdraw.');
      }
      if (row.end_date < today) {
        throw new HttpError(409, 'cancellation_in_effect', 'This cancellation has already taken effect.');
      }
      const status = row.trial_end && row.trial_end >= today ? 'trial' : 'active';
      const updated = await trx
        .updateTable('contracts')
        .set({
          status,
          end_date: null,
          cancelled_at: null,
          cancellation_reason: null,
          version: sql<number>`version + 1`,
          updated_at: sql<Date>`now()`,
        })
        .where('tenant_id', '=', context.tenantId)
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, context, 'contract.cancellation_withdrawn', row.id, { withdrawnEndDate: row.end_date });
      await confirm(trx, context, 'cancellationWithdrawn', () => ({ ContractNumber: row.contract_number }));
      return toInfo(context, updated, today);
    });
  });
};

const invalid = (fields: Record<string, string>) =>
  new HttpError(400, 'invalid_request', 'Please correct the marked fields.', fields);

export async function tenantToday(db: Kysely<DB>, tenantId: string): Promise<string> {
  const tenant = await db
    .selectFrom('tenants')
    .where('id', '=', tenantId)
    .select('time_zone')
    .executeTakeFirstOrThrow();
  return todayIn(tenant.time_zone);
}

async function loadContract(db: Kysely<DB>, context: PortalContext, id: string, lock = false) {
  if (!isUuid(id) || !context.contractIds.includes(id)) throw notFound('This contract');
  let query = db
    .selectFrom('contracts')
    .innerJoin('plan_variants', (join) =>
      join
        .onRef('plan_variants.tenant_id', '=', 'contracts.tenant_id')
        .onRef('plan_variants.id', '=', 'contracts.plan_variant_id'),
    )
    .where('contracts.tenant_id', '=', context.tenantId)
    .where('contracts.customer_id', '=', context.customerId)
    .where('contracts.id', '=', id)
    .selectAll('contracts')
    .select('plan_variants.billing_period_months');
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('This contract');
  return row;
}

type Row = Awaited<ReturnType<typeof loadContract>>;

function earliest_(row: Omit<Row, 'billing_period_months'> & { billing_period_months?: number }, today: string) {
  return earliestEndDate({
    today,
    status: row.status,
    endDate: row.end_date,
    currentPeriodStart: row.current_period_start,
    currentPeriodEnd: row.current_period_end,
    billingPeriodMonths: row.billing_period_months ?? 1,
    noticePeriodDays: row.notice_period_days,
    minimumTermEnd: row.minimum_term_end,
  });
}

function toInfo(
  context: PortalContext,
  row: Omit<Row, 'billing_period_months'> & { billing_period_months?: number },
  today: string,
): CancellationInfo {
  const cancelled = row.status === 'ending' && row.end_date !== null;
  return {
    contractId: row.id,
    status: row.status,
    earliestEndDate: earliest_(row, today),
    endDate: cancelled ? row.end_date : null,
    cancelledAt: cancelled && row.cancelled_at ? new Date(row.cancelled_at).toISOString() : null,
    reason: cancelled ? row.cancellation_reason : null,
    withdrawalAllowed: cancelled && row.end_date! >= today && context.settings.selfService.allowCancellationWithdrawal,
  };
}

async function audit(
  trx: Kysely<DB>,
  context: PortalContext,
  action: string,
  contractId: string,
  data: Record<string, string | null>,
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: context.tenantId,
      actor_type: 'person',
      actor_id: context.person.id,
      action,
      entity_type: 'contract',
      entity_id: contractId,
      data: JSON.stringify(data),
    })
    .execute();
}

/** The confirmation e-mail to the person who acted, in the customer's language (also the language of its dates). */
async function confirm(
  trx: Kysely<DB>,
  context: PortalContext,
  template: string,
  values: (language: string) => Record<string, string>,
) {
  const name = [context.person.first_name, context.person.last_name].filter(Boolean).join(' ');
  const recipient = await customerRecipient(trx, context.tenantId, context.customerId, context.settings);
  await sendTemplatedEmail(trx, context.tenantId, context.settings, {
    to: context.person.email,
    template,
    language: recipient.language,
    values: {
      ...values(recipient.language),
      CustomerName: name || context.person.email,
      CompanyName: recipient.tenantName,
    },
  });
}
