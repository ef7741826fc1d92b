import { sql, type Selectable } from 'kysely';
import type { BillingAddress, Component, Coupon, DB, TenantSettings } from '../db/schema.ts';
import type { TenantScope } from '../db/tenant.ts';
import type { CustomerRecipient } from '../email/send.ts';
import { translated } from '../i18n-api/catalog-text.ts';
import { formatDate, formatDateRange } from '../i18n/format.ts';
import { t } from '../i18n/translate.ts';
import { addDays, addMonths } from '../contracts/dates.ts';
import { enqueueInvoiceEmail } from './invoice-email.ts';
import { issueInvoice } from './invoice.ts';
import { priceOrder, type PricedVariant } from './preview.ts';
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

type Contract = Selectable<DB['contracts']>;

/** What stays the same for every invoice of one contract in one run. */
export interface ContractBilling {
  scope: TenantScope;
  contract: Contract;
  date: string;
  tenantCountry: string;
  settings: TenantSettings;
  /** The customer's e-mail language (the invoice's and its PDF's too) and the tenant's name. */
  recipient: CustomerRecipient;
  variant: PricedVariant;
  coupon: Coupon | null;
  anchor: string;
}

export interface InvoiceRun {
  periodStart: string;
  periodEnd: string;
  /** The days whose metered usage this invoice bills (in arrears). */
  usage: { from: string; to: string };
  /** False for a contract's closing invoice: its metered usage only, and nothing when there is none. */
  inAdvance: boolean;
  proRata?: { days: number; of: number };
}

/**
 * Prices, issues and e-mails one invoice of the contract, with its audit entry. Returns null (and issues nothing)
 * for a closing invoice without usage.
 */
export async function issuePeriodInvoice(billing: ContractBilling, run: InvoiceRun): Promise<IssuedInvoice | null> {
  const { scope, contract, date, coupon, anchor, settings, recipient } = billing;
  const { language } = recipient;
  const invoiceSettings = settings.invoice;
  const customer = await scope
    .selectFrom('customers')
    .where('id', '=', contract.customer_id)
    .selectAll()
    .executeTakeFirstOrThrow();
  const components = (await subscribedComponents(scope, contract.id, date, language)).filter(
    ({ component }) => run.inAdvance || component.kind === 'metered',
  );
  // Usage of days within the free trial costs nothing.
  const free = contract.trial_end !== null && run.usage.to <= contract.trial_end;
  const metered = free
    ? new Map<string, number>()
    : await meteredUsage(scope, contract.id, run.usage.from, run.usage.to);
  const couponApplies =
    coupon !== null && (coupon.duration_months === null || run.periodStart < addMonths(anchor, coupon.duration_months));
  const price = priceOrder({
    variant: run.inAdvance ? billing.variant : { ...billing.variant, priceCents: 0 },
    components: components.map(({ component, quantity }) => ({
      component,
      quantity: component.kind === 'metered' ? (metered.get(component.id) ?? 0) : quantity,
    })),
    // A fixed amount off was given on the period's own invoice; a percentage also applies to the closing usage.
    coupon: couponApplies && (run.inAdvance || coupon.kind === 'percent') ? coupon : null,
    couponError: null,
    tax: decideTax({ tenantCountry: billing.tenantCountry, customerCountry: customer.country, vatId: customer.vat_id }),
    today: run.periodStart,
    ...(run.proRata ? { proRata: run.proRata } : {}),
  });
  if (!run.inAdvance) {
    price.lines = price.lines.filter((line) => line.kind !== 'plan');
    if (price.lines.length === 0) return null;
  }
  for (const line of price.lines) {
    const component = components.find((c) => c.component.id === line.componentId)?.component;
    if (component?.kind === 'metered') {
      line.description = `${line.description} (${formatDateRange(language, run.usage.from, run.usage.to)})`;
    } else if (run.proRata) {
      line.description = `${line.description} (${proRataText(language, run, run.proRata)})`;
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
  const invoice = await issueInvoice(scope, {
    customerId: customer.id,
    contractId: contract.id,
    price,
    periodStart: run.periodStart,
    periodEnd: run.periodEnd,
    issueDate: date,
    paymentTermDays: invoiceSettings.paymentTermDays,
    numberPrefix: invoiceSettings.numberPrefix,
    billingAddress,
    language,
  });
  await scope
    .insertInto('audit_log', {
      actor_type: 'system',
      actor_id: null,
      action: 'invoice.created',
      entity_type: 'invoice',
      entity_id: invoice.id,
      data: JSON.stringify({
        number: invoice.number,
        source: 'billing-run',
        date,
        periodStart: run.periodStart,
        periodEnd: run.periodEnd,
        ...(run.proRata ? { proRata: run.proRata } : {}),
        ...(run.inAdvance ? {} : { closing: true }),
      }),
    })
    .execute();
  await enqueueInvoiceEmail(
    scope,
    {
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      contractId: contract.id,
      contractNumber: contract.contract_number,
      periodStart: run.periodStart,
      periodEnd: run.periodEnd,
      grossCents: price.grossCents,
      currency: price.currency,
      dueDate: addDays(date, invoiceSettings.paymentTermDays),
    },
    { settings, recipient, customer },
  );
  return {
    id: invoice.id,
    number: invoice.number,
    contractId: contract.id,
    contractNumber: contract.contract_number,
    periodStart: run.periodStart,
    periodEnd: run.periodEnd,
    grossCents: price.grossCents,
  };
}

/** "1 January 2027 – 10 January 2027, 10 of 31 days" in the invoice's language, for a pro-rata line. */
function proRataText(language: string, run: InvoiceRun, proRata: { days: number; of: number }): string {
  return t(language, 'document.invoice.proRata', {
    Start: formatDate(language, run.periodStart),
    End: formatDate(language, run.periodEnd),
    Days: new Intl.NumberFormat(language).format(proRata.days),
    PeriodDays: new Intl.NumberFormat(language).format(proRata.of),
  });
}

/** The contract's components that are still running on `date`, with their current quantities, named in `language`. */
async function subscribedComponents(
  scope: TenantScope,
  contractId: string,
  date: string,
  language: string,
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
  return rows.map(({ subscribed_quantity, ...component }) => ({
    component: { ...component, name: translated(component.i18n, language, 'name', component.name) },
    quantity: subscribed_quantity,
  }));
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
