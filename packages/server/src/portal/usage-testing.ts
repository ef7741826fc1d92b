import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TenantWithCustomer } from './testing.ts';

/**
 * Two metered components on the tenant's contract (API calls at 150 cents per 1000, storage at 2 cents per GB)
 * and usage records in October 2026 (tenant time zone Europe/Berlin), including records at the month's edges
 * in UTC that belong to the neighbouring month in Berlin.
 */
export async function addUsage(db: Kysely<DB>, tenant: TenantWithCustomer) {
  const family = await db
    .selectFrom('product_families')
    .where('tenant_id', '=', tenant.tenantId)
    .select('id')
    .executeTakeFirstOrThrow();
  const [calls, storage] = await db
    .insertInto('components')
    .values([
      {
        tenant_id: tenant.tenantId,
        family_id: family.id,
        kind: 'metered',
        name: 'API calls',
        unit: 'call',
        unit_price_cents: 150,
        price_per_units: 1000,
        position: 1,
      },
      {
        tenant_id: tenant.tenantId,
        family_id: family.id,
        kind: 'metered',
        name: 'Storage',
        unit: 'GB',
        unit_price_cents: 2,
        price_per_units: 1,
        position: 2,
      },
    ])
    .returning('id')
    .execute();
  await db
    .insertInto('contract_components')
    .values(
      [calls!, storage!].map((c) => ({
        tenant_id: tenant.tenantId,
        contract_id: tenant.contractId,
        component_id: c.id,
        quantity: 0,
      })),
    )
    .execute();
  const record = (componentId: string, at: string, quantity: number, dimension: [string, string] | null) => ({
    tenant_id: tenant.tenantId,
    contract_id: tenant.contractId,
    component_id: componentId,
    occurred_at: new Date(at),
    quantity,
    dimension_kind: dimension?.[0] ?? null,
    dimension_value: dimension?.[1] ?? null,
  });
  await db
    .insertInto('usage_records')
    .values([
      // 1 Oct 00:30 in Berlin.
      record(calls!.id, '2026-09-30T22:30:00Z', 1000, ['token', 'alpha']),
      record(calls!.id, '2026-10-15T10:00:00Z', 2000, ['token', 'alpha']),
      record(calls!.id, '2026-10-15T11:00:00Z', 500, ['ip', '10.0.0.1']),
      record(storage!.id, '2026-10-20T12:00:00Z', 7, null),
      // 1 Nov 00:30 in Berlin: November, not October.
      record(calls!.id, '2026-10-31T23:30:00Z', 99, ['token', 'alpha']),
      // 30 Sep in Berlin.
      record(calls!.id, '2026-09-30T21:30:00Z', 42, ['token', 'beta']),
    ])
    .execute();
  return { callsId: calls!.id, storageId: storage!.id };
}
