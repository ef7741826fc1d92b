import { sql, type Kysely } from 'kysely';
import type { BillingAddress, Component, Coupon, DB } from '../db/schema.ts';
import { defaultTenantSettings, getTenantSettings, scoped, type TenantScope } from '../db/tenant.ts';
import { addDays, addMonths } from './dates.ts';
import { createFirstInvoice } from './invoice.ts';
import { priceOrder } from './preview.ts';
import { decideTax } from './tax.ts';

/** One invoice a billing run issued. */
export interface IssuedInvoice {
  id: string;
  number: string;
  contractId: string;
  contractNumber: string;
  periodStart: string;
  periodEnd: string;
  grossCents: number;
}

/** Safety net against a corrupt period (a run never issues more invoices than this per contract). */
const MAX_PERIODS_PER_RUN = 240;

/**
 * The recurring billing of one tenant as of a calendar day `date` ('YYYY-MM-DD', the tenant's calendar).
 *
 * Every contract whose current period has ended before `date` (status trial, active, or ending with an end date
 * after that period) gets the invoice of its next period, billed in advance: the plan variant's price, its quantity
 * and on/off components at their current quantities, and, in arrears, the metered usage of the period that just
 * ended (tenant-local days, from the `usage_daily` rollup; a trial's usage is free). Coupon and tax follow the first
 * invoice's rules (`priceOrder`, `decideTax` with the customer's current country and VAT ID). The customer's current
 * billing address is snapshotted on the invoice, its number comes from the gapless 'invoice' sequence, and the
 * contract's current period moves on to the billed one — per contract in one transaction, with the contract row
 * locked, so a run for the same date again (or a concurrent run) issues nothing new. A contract that is several
 * periods behind gets one invoice per period. A contract that ends within a period is billed for that whole period
 * (no pro rata); nothing is billed for a period that starts after its end date.
 */
export async function runBilling(db: Kysely<DB>, tenantId: string, date: string): Promise<IssuedInvoice[]> {
  const due = await db
    .selectFrom('contracts')
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['trial', 'active', 'ending'])
    .where(sql<boolean>`current_period_end < ${date}::date`)
    .select('id')
    .orderBy('contract_number')
    .orderBy('id')
    .execute();
  const issued: IssuedInvoice[] = [];
  for (const { id } of due) {
    issued.push(...(await scoped(db, tenantId).transaction((scope) => billContract(scope, id, date))));
  }
  return issued;
}

async function billContract(scope: TenantScope, contractId: string, date: string): Promise<IssuedInvoice[]> {
  const contract = await scope
    .selectFrom('contracts')
    .where('id', '=', contractId)
    .selectAll()
    .forUpdate()
    .executeTakeFirstOrThrow();
  const tenant = await scope.db
    .selectFrom('tenants')
    .where('id', '=', scope.tenantId)
    .select(['country', 'default_language'])
    .executeTakeFirstOrThrow();
  const invoiceSettings =
    (await getTenantSettings(scope.db, scope.tenantId))?.invoice ?? defaultTenantSettings().invoice;
  const variant = await scope
    .selectFrom('plan_variants')
    .innerJoin('plans', (join) =>
      join.onRef('plans.tenant_id', '=', 'plan_variants.tenant_id').onRef('plans.id', '=', 'plan_variants.plan_id'),
    )
    .where('plan_variants.id', '=', contract.plan_variant_id)
    .select([
      'plans.name as plan_name',
      'plan_variants.name',
      'plan_variants.price_cents',
      'plan_variants.currency',
      'plan_variants.billing_period_months',
    ])
    .executeTakeFirstOrThrow();
  const coupon: Coupon | null = contract.coupon_id
    ? ((await scope.selectFrom('coupons').where('id', '=', contract.coupon_id).selectAll().executeTakeFirst()) ?? null)
    : null;
  const months = Math.max(1, variant.billing_period_months);
  // Periods are counted from the first billed day, so a period that starts on the 31st does not drift.
  const anchor = contract.trial_end ? addDays(contract.trial_end, 1) : contract.start_date;

  const issued: IssuedInvoice[] = [];
  let { status, current_period_start: usageStart, current_period_end: usageEnd } = contract;
  for (let n = 0; usageEnd < date && n < MAX_PERIODS_PER_RUN; n += 1) {
    const periodStart = addDays(usageEnd, 1);
    if (status === 'ending' && contract.end_date !== null && contract.end_date < periodStart) break;
    const periodEnd = nextBoundary(anchor, months, periodStart);
    const customer = await scope
      .selectFrom('customers')
      .where('id', '=', contract.customer_id)
      .selectAll()
      .executeTakeFirstOrThrow();
    const components = await subscribedComponents(scope, contract.id, date);
    const metered =
      status === 'trial' ? new Map<string, number>() : await meteredUsage(scope, contract.id, usageStart, usageEnd);
    const couponApplies =
      coupon !== null && (coupon.duration_months === null || periodStart < addMonths(anchor, coupon.duration_months));
    const price = priceOrder({
      variant: {
        planName: variant.plan_name,
        variantName: variant.name,
        priceCents: variant.price_cents,
        currency: variant.currency,
        billingPeriodMonths: months,
        trialDays: 0,
      },
      components: components.map(({ component, quantity }) => ({
        component,
        quantity: component.kind === 'metered' ? (metered.get(component.id) ?? 0) : quantity,
      })),
      coupon: couponApplies ? coupon : null,
      couponError: null,
      tax: decideTax({ tenantCountry: tenant.country, customerCountry: customer.country, vatId: customer.vat_id }),
      today: periodStart,
    });
    const meteredIds = new Set(
      components.filter(({ component }) => component.kind === 'metered').map((c) => c.component.id),
    );
    for (const line of price.lines) {
      if (line.componentId && meteredIds.has(line.componentId)) {
        line.description = `${line.description} (${usageStart} – ${usageEnd})`;
      }
    }
    const billingAddress: BillingAddress = {
      company: customer.company,
      firstName: customer.first_name,
      lastName: customer.last_name,
      street: customer.street,
      houseNumber: customer.house_number,
      postalCode: customer.postal_code,
      city: customer.city,
      country: customer.country,
      vatId: customer.vat_id,
      email: customer.email,
    };
    const invoice = await createFirstInvoice(scope, {
      customerId: customer.id,
      contractId: contract.id,
      price,
      periodStart,
      periodEnd,
      issueDate: date,
      paymentTermDays: invoiceSettings.paymentTermDays,
      numberPrefix: invoiceSettings.numberPrefix,
      billingAddress,
      language: customer.language ?? tenant.default_language,
    });
    status = status === 'trial' ? 'active' : status;
    await scope
      .updateTable('contracts')
      .set({
        status,
        current_period_start: periodStart,
        current_period_end: periodEnd,
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', contract.id)
      .execute();
    await scope
      .insertInto('audit_log', {
        actor_type: 'system',
        actor_id: null,
        action: 'invoice.created',
        entity_type: 'invoice',
        entity_id: invoice.id,
        data: JSON.stringify({ number: invoice.number, source: 'billing-run', date, periodStart, periodEnd }),
      })
      .execute();
    issued.push({
      id: invoice.id,
      number: invoice.number,
      contractId: contract.id,
      contractNumber: contract.contract_number,
      periodStart,
      periodEnd,
      grossCents: price.grossCents,
    });
    usageStart = periodStart;
    usageEnd = periodEnd;
  }
  return issued;
}

/** The last day of the period that starts on `start`: the day before the next anchor-aligned boundary. */
export function nextBoundary(anchor: string, months: number, start: string): string {
  let k = 1;
  while (addMonths(anchor, k * months) <= start) k += 1;
  return addDays(addMonths(anchor, k * months), -1);
}

/** The contract's components that are still running on `date`, with their current quantities. */
async function subscribedComponents(
  scope: TenantScope,
  contractId: string,
  date: string,
): Promise<Array<{ component: Component; quantity: number }>> {
  const rows = await scope
    .selectFrom('contract_components')
    .innerJoin('components', (join) =>
      join
        .onRef('components.tenant_id', '=', 'contract_components.tenant_id')
        .onRef('components.id', '=', 'contract_components.component_id'),
    )
    .where('contract_components.contract_id', '=', contractId)
    .where((eb) =>
      eb.or([
        eb('contract_components.ended_at', 'is', null),
        eb('contract_components.ended_at', '>=', new Date(`${date}T00:00:00Z`)),
      ]),
    )
    .selectAll('components')
    .select('contract_components.quantity as subscribed_quantity')
    .orderBy('components.position')
    .orderBy('components.id')
    .execute();
  return rows.map(({ subscribed_quantity, ...component }) => ({ component, quantity: subscribed_quantity }));
}

/** Metered quantity per component over the tenant-local days `from`–`to` (inclusive), summed by the database. */
async function meteredUsage(
  scope: TenantScope,
  contractId: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const rows = await scope
    .selectFrom('usage_daily')
    .where('contract_id', '=', contractId)
    .where(sql<boolean>`day >= ${from}::date`)
    .where(sql<boolean>`day <= ${to}::date`)
    .select(['component_id', sql<number>`sum(quantity)::float8`.as('quantity')])
    .groupBy('component_id')
    .execute();
  return new Map(rows.map((row) => [row.component_id, Number(row.quantity)]));
}
