import type { BillingAddress } from '../db/schema.ts';
import { nextNumber, type TenantScope } from '../db/tenant.ts';
import { addDays } from '../contracts/dates.ts';
import type { PriceResult } from './preview.ts';

export interface InvoiceInput {
  customerId: string;
  contractId: string;
  price: PriceResult;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  paymentTermDays: number;
  numberPrefix: string;
  billingAddress: BillingAddress;
  language: string;
}

/**
 * Issues an invoice of a contract with its lines (the first one at signup, then one per period in billing runs), in
 * the caller's transaction. The number comes from the tenant's gapless 'invoice' sequence; a discount becomes a
 * negative line so the lines add up to the net amount.
 */
export async function issueInvoice(scope: TenantScope, input: InvoiceInput): Promise<{ id: string; number: string }> {
  const { price } = input;
  const number = `${input.numberPrefix}${String(await nextNumber(scope.db, scope.tenantId, 'invoice')).padStart(6, '0')}`;
  const invoice = await scope
    .insertInto('invoices', {
      customer_id: input.customerId,
      contract_id: input.contractId,
      number,
      kind: 'invoice',
      status: 'open',
      issue_date: input.issueDate,
      due_date: addDays(input.issueDate, input.paymentTermDays),
      period_start: input.periodStart,
      period_end: input.periodEnd,
      currency: price.currency,
      net_cents: price.netCents,
      tax_cents: price.taxCents,
      gross_cents: price.grossCents,
      tax_rate_basis_points: price.taxRateBasisPoints,
      reverse_charge: price.reverseCharge,
      billing_address: input.billingAddress,
      language: input.language,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const lines = price.lines.map((line) => ({
    invoice_id: invoice.id,
    description: line.description,
    quantity: line.quantity,
    unit_price_cents: line.unitPriceCents,
    amount_cents: line.amountCents,
    component_id: line.componentId,
    period_start: input.periodStart,
    period_end: input.periodEnd,
  }));
  if (price.discount) {
    lines.push({
      invoice_id: invoice.id,
      description: price.discount.description,
      quantity: 1,
      unit_price_cents: -price.discount.amountCents,
      amount_cents: -price.discount.amountCents,
      component_id: null,
      period_start: input.periodStart,
      period_end: input.periodEnd,
    });
  }
  await scope
    .insertInto(
      'invoice_lines',
      lines.map((line, index) => ({ ...line, position: index + 1 })),
    )
    .execute();
  return { id: invoice.id, number };
}
