import type { TenantScope } from '../db/tenant.ts';
import { USAGE_IPS, USAGE_TOKENS } from './data.ts';

export interface UsageRecord {
  contractId: string;
  componentId: string;
  occurredAt: Date;
  quantity: number;
  dimension: { kind: string; value: string } | null;
  /** The sender's id of the record (unique per tenant). */
  externalId: string | null;
}

const BATCH = 500;

/**
 * Records metered usage the way Portico takes it: rows of `usage_records` only. The database's triggers
 * (migrations 002 and 004) add each statement's rows to the `usage_daily` rollup, which billing runs and the portal
 * read; nothing writes `usage_daily` itself. Portico has no usage ingestion API yet (the merchant API will take
 * usage through this same table), so the demo is this function's only caller.
 */
export async function recordUsage(scope: TenantScope, records: readonly UsageRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += BATCH) {
    await scope
      .insertInto(
        'usage_records',
        records.slice(i, i + BATCH).map((record) => ({
          contract_id: record.contractId,
          component_id: record.componentId,
          occurred_at: record.occurredAt,
          quantity: record.quantity,
          dimension_kind: record.dimension?.kind ?? null,
          dimension_value: record.dimension?.value ?? null,
          external_id: record.externalId,
        })),
      )
      .execute();
  }
}

export interface UsageSource {
  /** The customer's place in the demo data: it varies the pattern. */
  index: number;
  contractId: string;
  /** From the signup on. */
  since: Date;
  api: string;
  docs: string;
}

const HOUR = 3_600_000;

/**
 * The demo's usage of one contract in [from, to): every hour some API calls, alternately under an API token and a
 * client address, and every sixth hour a few signed documents — sent hour by hour from `detailFrom` on, and as
 * daily totals per component and dimension before (a sender that used to report once a day). Deterministic: the
 * same hours give the same records.
 */
export function demoUsage(source: UsageSource, from: Date, to: Date, detailFrom: Date): UsageRecord[] {
  const records: UsageRecord[] = [];
  const daily = new Map<string, UsageRecord>();
  for (const record of hourlyUsage(source, from, to)) {
    if (record.occurredAt >= detailFrom) {
      records.push(record);
      continue;
    }
    const day = record.occurredAt.toISOString().slice(0, 10);
    const kind = record.componentId === source.api ? 'api' : 'docs';
    const key = `${kind}-${record.dimension?.kind}-${record.dimension?.value}-${day}`;
    const total = daily.get(key);
    if (total) total.quantity += record.quantity;
    else daily.set(key, { ...record, externalId: `demo-${source.index}-${key}` });
  }
  return [...daily.values(), ...records];
}

function hourlyUsage(source: UsageSource, from: Date, to: Date): UsageRecord[] {
  const { index, contractId, since } = source;
  const apiOffset = (index * 97_000) % 3_000_000;
  const docsOffset = 1_234_000;
  const records: UsageRecord[] = [];
  const first = Math.max(0, Math.floor((from.getTime() - since.getTime() - docsOffset) / HOUR));
  for (let hour = first; since.getTime() + hour * HOUR < to.getTime(); hour += 1) {
    const start = since.getTime() + hour * HOUR;
    const byToken = hour % 2 === 0;
    const slot = Math.floor(hour / 2) % 3;
    const calls: UsageRecord = {
      contractId,
      componentId: source.api,
      occurredAt: new Date(start + apiOffset),
      quantity: 50 + ((hour * 37 + index * 101) % 400),
      dimension: byToken ? { kind: 'token', value: USAGE_TOKENS[slot]! } : { kind: 'ip', value: USAGE_IPS[slot]! },
      externalId: `demo-api-${index}-${hour}`,
    };
    const documents: UsageRecord | null =
      hour % 6 === index % 6
        ? {
            contractId,
            componentId: source.docs,
            occurredAt: new Date(start + docsOffset),
            quantity: 1 + (hour % 3),
            dimension: { kind: 'token', value: USAGE_TOKENS[(hour + index) % 2]! },
            externalId: `demo-docs-${index}-${hour}`,
          }
        : null;
    for (const record of [calls, documents]) {
      if (record && record.occurredAt >= from && record.occurredAt < to) records.push(record);
    }
  }
  return records;
}
