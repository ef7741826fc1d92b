import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'kysely';
import { dateTimeFormat } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { getTenant } from '../db/tenant.ts';
import { invalid } from '../http/errors.ts';
import { DateTimeString, errors } from '../http/schemas.ts';
import { merchantOf } from './api-keys.ts';

/** Records per call at most. */
export const MAX_USAGE_RECORDS = 10_000;
/** A record may be dated this far ahead of the server's clock (clocks of senders drift). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const UsageRecord = Type.Object(
  {
    contractId: Type.String({ maxLength: 100 }),
    componentId: Type.String({ maxLength: 100, description: 'A metered component of the contract.' }),
    quantity: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
    occurredAt: DateTimeString,
    externalId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Your id of the record, unique per merchant: a record sent again with it is not counted twice.',
      }),
    ),
    dimension: Type.Optional(
      Type.Object(
        {
          kind: Type.String({ minLength: 1, maxLength: 50, examples: ['token'] }),
          value: Type.String({ minLength: 1, maxLength: 200 }),
        },
        {
          additionalProperties: false,
          description: 'What the usage is broken down by in the portal (e.g. an API token).',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const UsageBatch = Type.Object(
  { records: Type.Array(UsageRecord, { minItems: 1, maxItems: MAX_USAGE_RECORDS }) },
  { additionalProperties: false },
);

const UsageResult = Type.Object(
  {
    received: Type.Integer(),
    recorded: Type.Integer({ description: 'Records counted now.' }),
    duplicates: Type.Array(Type.String(), {
      description: 'The `externalId`s already recorded (by an earlier call or earlier in this one): not counted again.',
    }),
  },
  { title: 'UsageIngestResult' },
);

/** The tenant-local day (`YYYY-MM-DD`) of an instant. */
function localDay(timeZone: string, instant: Date): string {
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * `POST /api/v1/usage-records` `{ records: [...] }`: up to 10,000 usage records at once for metered components. The
 * whole batch is checked first — each record's contract (this tenant's, not ended), component (metered and on the
 * contract), time (not in a period already billed: before the contract's current period in the tenant's time zone,
 * nor in the future) — and any problem refuses the batch with `400` naming each record (`records.17.occurredAt`), so
 * nothing is half recorded. Then every record is written in one statement; a record whose `externalId` was recorded
 * before (or earlier in the batch) is reported in `duplicates` and not counted twice — also when two calls race.
 * The database adds the records to the daily rollup that billing and the portal read (migration 002).
 */
export const usageRecordRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context }) => {
  const { db } = context.database;

  app.post(
    '/usage-records',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        summary: 'Record metered usage (up to 10,000 records)',
        tags: ['usage'],
        security: [{ apiKey: [] }],
        body: UsageBatch,
        response: { 200: UsageResult, ...errors(400, 401, 403, 409, 413, 422, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      const { records } = request.body;
      const tenant = await getTenant(db, tenantId);
      const timeZone = tenant?.timeZone ?? 'UTC';
      const contractIds = [...new Set(records.map((r) => r.contractId).filter(isUuid))];
      const contracts = new Map(
        contractIds.length === 0
          ? []
          : (
              await db
                .selectFrom('contracts')
                .where('tenant_id', '=', tenantId)
                .where('id', 'in', contractIds)
                .select(['id', 'status', 'current_period_start'])
                .execute()
            ).map((row) => [row.id, row]),
      );
      const metered = new Set(
        contractIds.length === 0
          ? []
          : (
              await db
                .selectFrom('contract_components as cc')
                .innerJoin('components as c', (join) =>
                  join.onRef('c.tenant_id', '=', 'cc.tenant_id').onRef('c.id', '=', 'cc.component_id'),
                )
                .where('cc.tenant_id', '=', tenantId)
                .where('cc.contract_id', 'in', contractIds)
                .where('c.kind', '=', 'metered')
                .where('cc.ended_at', 'is', null)
                .select(['cc.contract_id', 'cc.component_id'])
                .execute()
            ).map((row) => `${row.contract_id}/${row.component_id}`),
      );

      const problems: Record<string, string> = {};
      const latest = Date.now() + FUTURE_TOLERANCE_MS;
      records.forEach((record, i) => {
        const at = `records.${i}`;
        const contract = isUuid(record.contractId) ? contracts.get(record.contractId) : undefined;
        if (!contract) {
          problems[`${at}.contractId`] = 'No contract of yours has this id.';
          return;
        }
        if (contract.status === 'ended') {
          problems[`${at}.contractId`] = 'This contract has ended; it takes no more usage.';
          return;
        }
        if (!metered.has(`${record.contractId}/${record.componentId}`)) {
          problems[`${at}.componentId`] = 'This is not a metered component of the contract.';
        }
        const occurred = new Date(record.occurredAt);
        if (occurred.getTime() > latest) {
          problems[`${at}.occurredAt`] = 'This time is in the future.';
        } else if (localDay(timeZone, occurred) < contract.current_period_start) {
          problems[`${at}.occurredAt`] =
            `This time is in a billing period that has already been invoiced; the contract takes usage from ` +
            `${contract.current_period_start} (${timeZone}) on.`;
        }
      });
      const found = Object.keys(problems).length;
      if (found > 0) {
        throw invalid(problems, `${found} problem${found === 1 ? '' : 's'} in the records; none were recorded.`);
      }

      const column = <T>(pick: (record: (typeof records)[number]) => T) => records.map(pick);
      const { rows } = await sql<{ external_id: string | null }>`
        insert into usage_records
          (tenant_id, contract_id, component_id, quantity, occurred_at, external_id, dimension_kind, dimension_value)
        select ${tenantId}, r.contract_id, r.component_id, r.quantity, r.occurred_at, r.external_id, r.kind, r.value
        from unnest(
          ${column((r) => r.contractId)}::uuid[], ${column((r) => r.componentId)}::uuid[],
          ${column((r) => r.quantity)}::bigint[], ${column((r) => r.occurredAt)}::timestamptz[],
          ${column((r) => r.externalId ?? null)}::text[], ${column((r) => r.dimension?.kind ?? null)}::text[],
          ${column((r) => r.dimension?.value ?? null)}::text[]
        ) as r (contract_id, component_id, quantity, occurred_at, external_id, kind, value)
        on conflict (tenant_id, external_id) where external_id is not null do nothing
        returning external_id`.execute(db);
      // A record not counted now: its externalId was recorded before, or by an earlier record of this batch.
      const recordedIds = new Set(rows.map((row) => row.external_id));
      const seen = new Set<string>();
      const duplicates: string[] = [];
      for (const { externalId } of records) {
        if (externalId === undefined) continue;
        if (seen.has(externalId) || !recordedIds.has(externalId)) duplicates.push(externalId);
        seen.add(externalId);
      }
      return { received: records.length, recorded: rows.length, duplicates };
    },
  );
};
