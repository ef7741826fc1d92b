import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { CancellationInfo } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { writeAudit } from '../audit/audit.ts';
import {
  decideCancellation,
  decideWithdrawal,
  type CancellationRefusal,
  type WithdrawalDecision,
} from '../contracts/cancellation.ts';
import { isDate, tenantToday } from '../contracts/dates.ts';
import { earliestEndDate } from '../contracts/earliest-end.ts';
import { contractTerms, type ContractTerms } from '../contracts/terms.ts';
import type { Contract, JsonValue } from '../db/schema.ts';
import { scoped, type TenantScope } from '../db/tenant.ts';
import { customerRecipient, sendTemplatedEmail } from '../email/send.ts';
import { HttpError, invalid, notFound } from '../http/errors.ts';
import { limiterOf, rateLimited } from '../http/limits.ts';
import { errors } from '../http/schemas.ts';
import { formatDate } from '../i18n/format.ts';
import { portalEmailLanguage, portalOf, forbidden, requires, type PortalContext } from './context.ts';
import { CancellationBody, CancellationInfoSchema, signedIn, tags, TenantAndId } from './schemas.ts';
import { recordEvent } from '../webhooks/events.ts';

/**
 * Cancellation in due time: see `cancellation` endpoints in packages/core/src/portal-write-api.ts. The rules
 * (earliest end, cancel, withdraw) are `contracts/`'s; this plugin loads, locks and saves, and words their refusals.
 */
export const cancellationRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, clock, limits } },
) => {
  const db = database.db;
  const path = '/contracts/:id/cancellation';
  const access = requires('cancellation', 'contract', 'cancel contracts');
  // Cancelling and withdrawing each send a confirmation e-mail: limited per customer.
  const mailLimit = rateLimited({
    limiter: limiterOf(db, 'cancellation-customer', limits.cancellationsPerCustomer),
    key: (request: { portal: PortalContext | null }) => {
      const context = portalOf(request);
      return [context.tenantId, context.customerId];
    },
  });
  const today = (tenantId: string) => tenantToday(db, tenantId, clock());

  app.get(
    path,
    {
      schema: {
        summary: 'The earliest possible end date, and the cancellation in place',
        tags,
        security: signedIn,
        params: TenantAndId,
        response: { 200: CancellationInfoSchema, ...errors(401, 403, 404) },
      },
      preValidation: access,
    },
    async (request) => {
      const context = portalOf(request);
      const day = await today(context.tenantId);
      return toInfo(context, await loadContract(scoped(db, context.tenantId), context, request.params.id), day);
    },
  );

  app.post(
    path,
    {
      schema: {
        summary: 'Cancel the contract in due time (to the earliest possible or a later end date)',
        description:
          'Cancelling twice with the same (or no) end date changes nothing and answers the same; a confirmation ' +
          'e-mail goes out.',
        tags,
        security: signedIn,
        params: TenantAndId,
        body: CancellationBody,
        response: { 200: CancellationInfoSchema, ...errors(400, 401, 403, 404, 409, 429) },
      },
      preValidation: [access, mailLimit],
    },
    async (request) => {
      const context = portalOf(request);
      const { endDate: requested, reason: rawReason } = request.body ?? {};
      if (requested !== undefined && !isDate(requested)) {
        throw invalid({ endDate: 'Enter the end date as YYYY-MM-DD.' }, 'Please correct the marked fields.');
      }
      const reason = rawReason?.trim() || null;
      const day = await today(context.tenantId);
      return scoped(db, context.tenantId).transaction(async (scope) => {
        const row = await loadContract(scope, context, request.params.id, true);
        const decision = decideCancellation(termsOf(row), requested, day);
        if (!decision.ok) throw cancellationRefused(decision);
        if (!decision.cancel) return toInfo(context, row, day);
        const { endDate } = decision;
        const updated = await scope
          .updateTable('contracts')
          .set({
            status: 'ending',
            end_date: endDate,
            cancelled_at: sql<Date>`now()`,
            cancellation_reason: reason,
            version: sql<number>`version + 1`,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', row.id)
          .where('version', '=', row.version)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(scope, context, 'contract.cancelled', row.id, { endDate, reason, previousStatus: row.status });
        await recordEvent(scope.db, context.tenantId, 'contract.cancelled', {
          contractId: row.id,
          customerId: context.customerId,
          endDate,
          source: 'portal',
        });
        await confirm(scope, context, request, 'cancellationConfirmed', (language) => ({
          ContractNumber: row.contract_number,
          EndDate: formatDate(language, endDate),
        }));
        return toInfo(context, { ...updated, billing_period_months: row.billing_period_months }, day);
      });
    },
  );

  app.delete(
    path,
    {
      schema: {
        summary: 'Withdraw the cancellation before it takes effect (when the merchant allows it)',
        tags,
        security: signedIn,
        params: TenantAndId,
        response: { 200: CancellationInfoSchema, ...errors(401, 403, 404, 409, 429) },
      },
      preValidation: [access, mailLimit],
    },
    async (request) => {
      const context = portalOf(request);
      if (!context.settings.selfService.allowCancellationWithdrawal) throw forbidden('withdraw cancellations');
      const day = await today(context.tenantId);
      return scoped(db, context.tenantId).transaction(async (scope) => {
        const row = await loadContract(scope, context, request.params.id, true);
        const decision = decideWithdrawal(termsOf(row), day);
        if (!decision.ok) throw withdrawalRefused(decision);
        const updated = await scope
          .updateTable('contracts')
          .set({
            status: decision.status,
            end_date: null,
            cancelled_at: null,
            cancellation_reason: null,
            version: sql<number>`version + 1`,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', row.id)
          .where('version', '=', row.version)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(scope, context, 'contract.cancellation_withdrawn', row.id, { withdrawnEndDate: row.end_date });
        await recordEvent(scope.db, context.tenantId, 'contract.changed', {
          contractId: row.id,
          customerId: context.customerId,
          change: 'cancellation_withdrawn',
          withdrawnEndDate: row.end_date,
        });
        await confirm(scope, context, request, 'cancellationWithdrawn', () => ({
          ContractNumber: row.contract_number,
        }));
        return toInfo(context, { ...updated, billing_period_months: row.billing_period_months }, day);
      });
    },
  );
};

/** A refused cancellation in the API's words. */
function cancellationRefused(refusal: CancellationRefusal): HttpError {
  switch (refusal.reason) {
    case 'contract_ended':
      return new HttpError(409, 'contract_ended', 'This contract has already ended.');
    case 'already_cancelled':
      return new HttpError(409, 'already_cancelled', `This contract is already cancelled to ${refusal.endDate}.`);
    case 'before_earliest_end':
      return invalid(
        { endDate: `The contract can end on ${refusal.earliestEndDate} at the earliest.` },
        'Please correct the marked fields.',
      );
  }
}

/** A refused withdrawal in the API's words. */
function withdrawalRefused(refusal: Extract<WithdrawalDecision, { ok: false }>): HttpError {
  switch (refusal.reason) {
    case 'not_cancelled':
      return new HttpError(409, 'not_cancelled', 'This contract has no cancellation to withdraw.');
    case 'cancellation_in_effect':
      return new HttpError(409, 'cancellation_in_effect', 'This cancellation has already taken effect.');
  }
}

type ContractRow = Contract & { billing_period_months: number };

/** One of the session's contracts with its billing period, optionally locked for the change. */
async function loadContract(scope: TenantScope, context: PortalContext, id: string, lock = false) {
  if (!isUuid(id) || !context.contractIds.includes(id)) throw notFound('This contract');
  let query = scope
    .selectFrom('contracts')
    .innerJoin('plan_variants', (join) =>
      join
        .onRef('plan_variants.tenant_id', '=', 'contracts.tenant_id')
        .onRef('plan_variants.id', '=', 'contracts.plan_variant_id'),
    )
    .where('contracts.customer_id', '=', context.customerId)
    .where('contracts.id', '=', id)
    .selectAll('contracts')
    .select('plan_variants.billing_period_months');
  if (lock) query = query.forUpdate();
  const row: ContractRow | undefined = await query.executeTakeFirst();
  if (!row) throw notFound('This contract');
  return row;
}

const termsOf = (row: ContractRow): ContractTerms => contractTerms(row, row.billing_period_months);

function toInfo(context: PortalContext, row: ContractRow, today: string): CancellationInfo {
  const terms = termsOf(row);
  const cancelled = row.status === 'ending' && row.end_date !== null;
  return {
    contractId: row.id,
    status: row.status,
    earliestEndDate: earliestEndDate({ ...terms, today }),
    endDate: cancelled ? row.end_date : null,
    cancelledAt: cancelled && row.cancelled_at ? new Date(row.cancelled_at).toISOString() : null,
    reason: cancelled ? row.cancellation_reason : null,
    withdrawalAllowed: decideWithdrawal(terms, today).ok && context.settings.selfService.allowCancellationWithdrawal,
  };
}

function audit(
  scope: TenantScope,
  context: PortalContext,
  action: string,
  contractId: string,
  data: Record<string, JsonValue>,
): Promise<void> {
  return writeAudit(scope.db, {
    tenantId: context.tenantId,
    actor: { type: 'person', id: context.person.id },
    action,
    entity: { type: 'contract', id: contractId },
    data,
  });
}

/**
 * The confirmation e-mail to the person who acted, in the language the portal shows, else the customer's (also the
 * language of its dates).
 */
async function confirm(
  scope: TenantScope,
  context: PortalContext,
  request: FastifyRequest,
  template: string,
  values: (language: string) => Record<string, string>,
) {
  const name = [context.person.first_name, context.person.last_name].filter(Boolean).join(' ');
  const recipient = await customerRecipient(scope.db, context.tenantId, context.customerId, context.settings);
  const language = portalEmailLanguage(request, recipient.language);
  await sendTemplatedEmail(scope.db, context.tenantId, context.settings, {
    to: context.person.email,
    template,
    language,
    values: {
      ...values(language),
      CustomerName: name,
      CompanyName: recipient.tenantName,
    },
  });
}
