import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { TenantWithCustomer } from './portal.ts';

/** Two metered components on the tenant's contract: API calls at 150 cents per 1000, storage at 2 cents per GB. */
export async function addMeteredComponents(db: Kysely<DB>, tenant: TenantWithCustomer) {
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
  return { callsId: calls!.id, storageId: storage!.id };
}

/**
 * The metered components and usage records in October 2026 (tenant time zone Europe/Berlin), including records at
 * the month's edges in UTC that belong to the neighbouring month in Berlin.
 */
export async function addUsage(db: Kysely<DB>, tenant: TenantWithCustomer) {
  const { callsId, storageId } = await addMeteredComponents(db, tenant);
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
      record(callsId, '2026-09-30T22:30:00Z', 1000, ['token', 'alpha']),
      record(callsId, '2026-10-15T10:00:00Z', 2000, ['token', 'alpha']),
      record(callsId, '2026-10-15T11:00:00Z', 500, ['ip', '10.0.0.1']),
      record(storageId, '2026-10-20T12:00:00Z', 7, null),
      // 1 Nov 00:30 in Berlin: November, not October.
      record(callsId, '2026-10-31T23:30:00Z', 99, ['token', 'alpha']),
      // 30 Sep in Berlin.
      record(callsId, '2026-09-30T21:30:00Z', 42, ['token', 'beta']),
    ])
    .execute();
  return { callsId, storageId };
}

/**
 * Bulk-inserts `count` usage records spread evenly over `month` (YYYY-MM, in the tenant's time zone) with one
 * generate_series statement per 100,000 rows: API calls (quantity 1 to 5) and every seventh record storage, with ten
 * dimensions (five tokens, five IP addresses). Returns the month's expected total per component.
 */
export async function insertUsageMonth(
  db: Kysely<DB>,
  tenant: TenantWithCustomer,
  components: { callsId: string; storageId: string },
  month: string,
  count: number,
): Promise<{ calls: number; storage: number }> {
  const chunk = 100_000;
  for (let from = 0; from < count; from += chunk) {
    const to = Math.min(count, from + chunk) - 1;
    await sql`
      with bounds as (
        select (${`${month}-01`}::timestamp at time zone t.time_zone) as first,
               ((${`${month}-01`}::date + interval '1 month')::timestamp at time zone t.time_zone) as next
        from tenants t where t.id = ${tenant.tenantId}
      )
      insert into usage_records (tenant_id, contract_id, component_id, occurred_at, quantity, dimension_kind,
                                 dimension_value)
      select ${tenant.tenantId}, ${tenant.contractId}::uuid,
             case when n % 7 = 6 then ${components.storageId}::uuid else ${components.callsId}::uuid end,
             b.first + (b.next - b.first) * (n::float8 / ${count}::float8), 1 + n % 5,
             case when n % 2 = 0 then 'token' else 'ip' end,
             case when n % 2 = 0 then 'token-' || (n / 2) % 5 else '10.0.0.' || (n / 2) % 5 end
      from bounds b, generate_series(${from}::int, ${to}::int) as n`.execute(db);
  }
  let calls = 0;
  let storage = 0;
  for (let n = 0; n < count; n += 1) {
    if (n % 7 === 6) storage += 1 + (n % 5);
    else calls += 1 + (n % 5);
  }
  return { calls, storage };
}
