import { sql, type Kysely } from 'kysely';
import type { ContractStatus, Coupon, DB } from '../db/schema.ts';
import { defaultTenantSettings, getTenantSettings, scoped, type TenantScope } from '../db/tenant.ts';
import { customerRecipient } from '../email/send.ts';
import { translated } from '../i18n-api/catalog-text.ts';
import { addDays, addMonths } from '../contracts/dates.ts';
import { issuePeriodInvoice, type ContractBilling, type IssuedInvoice } from './period-invoice.ts';
import { recordEvent } from '../webhooks/events.ts';

export type { IssuedInvoice };

/** Safety net against a corrupt period (a run never issues more invoices than this per contract). */
const MAX_PERIODS_PER_RUN = 240;

/**
 * The recurring billing of one tenant as of a calendar day `date` ('YYYY-MM-DD', the tenant's calendar).
 *
 * Every contract whose current period has ended before `date` (status trial, active, or ending) gets the invoice of
 * its next period, billed in advance: the plan variant's price, its quantity and on/off components at their current
 * quantities, and, in arrears, the metered usage of the period that just ended (tenant-local days, from the
 * `usage_daily` rollup; usage during a trial is free). Coupon and tax follow the first invoice's rules
 * (`priceOrder`, `decideTax` with the customer's current country and VAT ID). The customer's current billing
 * address is snapshotted on the invoice, its number comes from the gapless 'invoice' sequence, the contract's
 * current period moves on to the billed one, and the `invoiceIssued` e-mail with the PDF goes into the outbox —
 * per contract in one transaction, with the contract row locked, so a run for the same date again (or a concurrent
 * run) issues and sends nothing new. A contract that is several periods behind gets one invoice per period.
 *
 * A contract with an end date (cancelled) is billed up to that date and no further: when the end date falls inside
 * a period, that last period runs from its start to the end date and its in-advance lines are pro rata —
 * amount × days used ÷ days of the full period, each line rounded to the nearest cent (a monthly 10.00 for 10 of
 * 31 days is 3.23). Once the end date has passed (`end_date < date`) the contract becomes `ended`; if usage was
 * metered in its last period, a closing invoice with just that usage is issued in the same step. An ended contract
 * gets no invoice.
 */
export async function runBilling(db: Kysely<DB>, tenantId: string, date: string): Promise<IssuedInvoice[]> {
  const due = await db
    .selectFrom('contracts')
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['trial', 'active', 'ending'])
    .where(sql<boolean>`(current_period_end < ${date}::date or end_date < ${date}::date)`)
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
  // Another run may have billed or ended it since the list was read.
  if (contract.status === 'ended') return [];
  const tenant = await scope.db
    .selectFrom('tenants')
    .where('id', '=', scope.tenantId)
    .select('country')
    .executeTakeFirstOrThrow();
  const settings = (await getTenantSettings(scope.db, scope.tenantId)) ?? defaultTenantSettings();
  const variant = await scope
    .selectFrom('plan_variants')
    .innerJoin('plans', (join) =>
      join.onRef('plans.tenant_id', '=', 'plan_variants.tenant_id').onRef('plans.id', '=', 'plan_variants.plan_id'),
    )
    .where('plan_variants.id', '=', contract.plan_variant_id)
    .select([
      'plans.name as plan_name',
      'plans.i18n as plan_i18n',
      'plan_variants.name',
      'plan_variants.i18n',
      'plan_variants.price_cents',
      'plan_variants.currency',
      'plan_variants.billing_period_months',
    ])
    .executeTakeFirstOrThrow();
  const coupon: Coupon | null = contract.coupon_id
    ? ((await scope.selectFrom('coupons').where('id', '=', contract.coupon_id).selectAll().executeTakeFirst()) ?? null)
    : null;
  const months = Math.max(1, variant.billing_period_months);
  // The language of the customer's e-mails is the invoice's and its PDF's, so e-mail and PDF agree.
  const recipient = await customerRecipient(scope.db, scope.tenantId, contract.customer_id, settings);
  const { language } = recipient;
  const billing: ContractBilling = {
    scope,
    contract,
    date,
    tenantCountry: tenant.country,
    settings: { ...settings, invoice: settings.invoice ?? defaultTenantSettings().invoice },
    recipient,
    variant: {
      // Lines name plan, variant and components in the invoice's language, as the first invoice of a signup does.
      planName: translated(variant.plan_i18n, language, 'name', variant.plan_name),
      variantName: translated(variant.i18n, language, 'name', variant.name),
      priceCents: variant.price_cents,
      currency: variant.currency,
      billingPeriodMonths: months,
      trialDays: 0,
    },
    coupon,
    // Periods are counted from the first billed day, so a period that starts on the 31st does not drift.
    anchor: contract.trial_end ? addDays(contract.trial_end, 1) : contract.start_date,
  };
  const end = contract.end_date;

  const issued: IssuedInvoice[] = [];
  let status: ContractStatus = contract.status;
  let { current_period_start: usageStart, current_period_end: usageEnd } = contract;
  for (let n = 0; usageEnd < date && n < MAX_PERIODS_PER_RUN; n += 1) {
    const periodStart = addDays(usageEnd, 1);
    if (end !== null && end < periodStart) break;
    const fullEnd = nextBoundary(billing.anchor, months, periodStart);
    const periodEnd = end !== null && end < fullEnd ? end : fullEnd;
    const proRata =
      periodEnd === fullEnd ? undefined : { days: daysOf(periodStart, periodEnd), of: daysOf(periodStart, fullEnd) };
    const invoice = await issuePeriodInvoice(billing, {
      periodStart,
      periodEnd,
      usage: { from: usageStart, to: usageEnd },
      inAdvance: true,
      ...(proRata ? { proRata } : {}),
    });
    if (invoice) issued.push(invoice);
    status = status === 'trial' ? 'active' : status;
    usageStart = periodStart;
    usageEnd = periodEnd;
  }
  const ends = end !== null && end < date && usageEnd >= end;
  if (ends) {
    const closing = await issuePeriodInvoice(billing, {
      periodStart: usageStart,
      periodEnd: usageEnd,
      usage: { from: usageStart, to: usageEnd },
      inAdvance: false,
    });
    if (closing) issued.push(closing);
    status = 'ended';
  }
  if (issued.length > 0 || status !== contract.status) {
    await scope
      .updateTable('contracts')
      .set({
        status,
        current_period_start: usageStart,
        current_period_end: usageEnd,
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', contract.id)
      .execute();
  }
  if (ends) {
    await scope
      .insertInto('audit_log', {
        actor_type: 'system',
        actor_id: null,
        action: 'contract.ended',
        entity_type: 'contract',
        entity_id: contract.id,
        data: JSON.stringify({ source: 'billing-run', date, endDate: end }),
      })
      .execute();
    await recordEvent(scope.db, scope.tenantId, 'contract.ended', {
      contractId: contract.id,
      customerId: contract.customer_id,
      endDate: end,
    });
  }
  return issued;
}

/** Calendar days from `start` to `end`, both included. */
function daysOf(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The last day of the period that starts on `start`: the day before the next anchor-aligned boundary. */
export function nextBoundary(anchor: string, months: number, start: string): string {
  let k = 1;
  while (addMonths(anchor, k * months) <= start) k += 1;
  return addDays(addMonths(anchor, k * months), -1);
}
