import { randomUUID } from 'node:crypto';
import type { BillingAddress } from '../db/schema.ts';
import { nextNumber, type ScopedInsertable, type TenantScope } from '../db/tenant.ts';
import { addDays } from '../contracts/dates.ts';
import type { PriceResult } from './preview.ts';
import { eventRows } from '../webhooks/events.ts';

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

/** An invoice number: the tenant's prefix and the sequence's value in six digits (`RE-000042`). */
export function invoiceNumber(prefix: string, value: number): string {
  return `${prefix}${String(value).padStart(6, '0')}`;
}

/**
 * The rows of an invoice with the given id and number: the invoice and its lines (a discount becomes a negative
 * line so the lines add up to the net amount). `issueInvoice` stores them; the signup's order writes them with the
 * rest of the order in one statement.
 */
export function invoiceRows(
  input: InvoiceInput,
  invoice: { id: string; number: string },
): { invoice: ScopedInsertable<'invoices'>; lines: Array<ScopedInsertable<'invoice_lines'>> } {
  const { price } = input;
  const line = (
    fields: Pick<
      ScopedInsertable<'invoice_lines'>,
      'description' | 'quantity' | 'unit_price_cents' | 'amount_cents' | 'component_id'
    >,
  ) => ({
    invoice_id: invoice.id,
    ...fields,
    period_start: input.periodStart,
    period_end: input.periodEnd,
  });
  const lines = price.lines.map((item) =>
    line({
      description: item.description,
      quantity: item.quantity,
      unit_price_cents: item.unitPriceCents,
      amount_cents: item.amountCents,
      component_id: item.componentId,
    }),
  );
  if (price.discount) {
    lines.push(
      line({
        description: price.discount.description,
        quantity: 1,
        unit_price_cents: -price.discount.amountCents,
        amount_cents: -price.discount.amountCents,
        component_id: null,
      }),
    );
  }
  return {
    invoice: {
      id: invoice.id,
      customer_id: input.customerId,
      contract_id: input.contractId,
      number: invoice.number,
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
    },
    lines: lines.map((row, index) => ({ ...row, position: index + 1 })),
  };
}

/**
 * Issues an invoice of a contract with its lines (the first one at signup, then one per period in billing runs), in
 * the caller's transaction, in one statement with its `invoice.issued` event. The number comes from the tenant's
 * gapless 'invoice' sequence.
 */
export async function issueInvoice(scope: TenantScope, input: InvoiceInput): Promise<{ id: string; number: string }> {
  const number = invoiceNumber(input.numberPrefix, await nextNumber(scope.db, scope.tenantId, 'invoice'));
  const id = randomUUID();
  const rows = invoiceRows(input, { id, number });
  const issued = eventRows([
    {
      type: 'invoice.issued',
      data: {
        invoiceId: id,
        number,
        contractId: input.contractId,
        customerId: input.customerId,
        grossCents: input.price.grossCents,
      },
    },
  ]);
  if (rows.lines.length === 0) await scope.withInserts([issued]).insertInto('invoices', rows.invoice).execute();
  else {
    const invoices = { table: 'invoices' as const, rows: [rows.invoice] };
    await scope.withInserts([invoices, issued]).insertInto('invoice_lines', rows.lines).execute();
  }
  return { id, number };
}
