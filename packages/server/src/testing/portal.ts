import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { createTenant } from '../db/tenant.ts';

/** Exchanges a self-service token for a session token; throws with the answer when that fails. */
export async function openSession(app: FastifyInstance, tenant: string, token: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: `/api/portal/${tenant}/session`, payload: { token } });
  if (response.statusCode !== 200) throw new Error(`session: ${response.statusCode} ${response.body}`);
  return (response.json() as { sessionToken: string }).sessionToken;
}

export interface TenantWithCustomer {
  tenantId: string;
  customerId: string;
  contractId: string;
  contractNumber: string;
  ownerId: string;
  ownerEmail: string;
}

/**
 * A tenant with a catalog, one customer (an owner), one active contract and `invoices` invoices spread over
 * three years (several per day, so paging must break ties by id), made with one generate_series insert.
 */
export async function createTenantWithCustomer(
  db: Kysely<DB>,
  tenantId: string,
  options: {
    invoices?: number;
    invoicesPerDay?: number;
    settings?: Parameters<typeof createTenant>[1]['settings'];
  } = {},
): Promise<TenantWithCustomer> {
  await createTenant(db, { id: tenantId, name: `Tenant ${tenantId}`, settings: options.settings });
  const family = await db
    .insertInto('product_families')
    .values({ tenant_id: tenantId, name: 'Family' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const plan = await db
    .insertInto('plans')
    .values({ tenant_id: tenantId, family_id: family.id, name: 'Pro' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const variant = await db
    .insertInto('plan_variants')
    .values({
      tenant_id: tenantId,
      plan_id: plan.id,
      name: 'Monthly',
      billing_period_months: 1,
      price_cents: 1000,
      currency: 'EUR',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ownerEmail = `owner@${tenantId}.example`;
  const customer = await db
    .insertInto('customers')
    .values({ tenant_id: tenantId, customer_number: '1', email: ownerEmail, first_name: 'Olga', last_name: 'Owner' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const owner = await db
    .insertInto('persons')
    .values({
      tenant_id: tenantId,
      customer_id: customer.id,
      email: ownerEmail,
      first_name: 'Olga',
      last_name: 'Owner',
      role: 'owner',
      permissions: ['invoices', 'usage', 'contract', 'payment', 'personnel'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contractNumber = `C-${tenantId}`;
  const contract = await db
    .insertInto('contracts')
    .values({
      tenant_id: tenantId,
      customer_id: customer.id,
      contract_number: contractNumber,
      plan_variant_id: variant.id,
      status: 'active',
      start_date: '2024-01-01',
      current_period_start: '2026-11-01',
      current_period_end: '2026-11-30',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (options.invoices)
    await insertInvoices(db, tenantId, customer.id, contract.id, options.invoices, options.invoicesPerDay);
  return {
    tenantId,
    customerId: customer.id,
    contractId: contract.id,
    contractNumber,
    ownerId: owner.id,
    ownerEmail,
  };
}

/**
 * Bulk-inserts `count` invoices for a customer with one statement: `perDay` per day going back from 2026-12-31, statuses cycling paid/paid/open/overdue, every tenth a void one.
 */
export async function insertInvoices(
  db: Kysely<DB>,
  tenantId: string,
  customerId: string,
  contractId: string,
  count: number,
  perDay = 4,
): Promise<void> {
  await sql`
    insert into invoices (tenant_id, customer_id, contract_id, number, status, issue_date, due_date, currency,
                          net_cents, tax_cents, gross_cents, tax_rate_basis_points)
    select ${tenantId}, ${customerId}::uuid, ${contractId}::uuid, 'B-' || ${customerId} || '-' || n,
           (array['paid', 'paid', 'open', 'overdue', 'paid', 'paid', 'open', 'paid', 'paid', 'void'])[n % 10 + 1],
           date '2026-12-31' - (n / ${perDay}::int), date '2026-12-31' - (n / ${perDay}::int) + 14, 'EUR',
           1000 + n % 7, 190, 1190 + n % 7, 1900
    from generate_series(0, ${count - 1}) as n`.execute(db);
}
