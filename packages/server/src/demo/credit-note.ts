import { addDays } from '../contracts/dates.ts';
import { taxOf } from '../billing/tax.ts';
import { nextNumber, type TenantScope } from '../db/tenant.ts';

/**
 * A credit note for some lines of an issued invoice: the same lines with negative prices, described as
 * "`reason`: line", taxed at the invoice's rate (`taxOf`), numbered from the tenant's gapless 'credit_note' sequence
 * with its credit-note prefix. Portico has no credit-note function yet (the back office will bring one), so this
 * stays the demo's and as small as that: it copies what the billing code put on the invoice and computes nothing else.
 */
export async function creditInvoiceLines(
  scope: TenantScope,
  input: {
    invoiceId: string;
    /** Which lines to credit (all when omitted). */
    componentId?: string;
    reason: string;
    issueDate: string;
    prefix: string;
    paymentTermDays: number;
  },
): Promise<{ id: string; number: string }> {
  const invoice = await scope
    .selectFrom('invoices')
    .where('id', '=', input.invoiceId)
    .selectAll()
    .executeTakeFirstOrThrow();
  const lines = (
    await scope
      .selectFrom('invoice_lines')
      .where('invoice_id', '=', invoice.id)
      .selectAll()
      .orderBy('position')
      .execute()
  ).filter((line) => input.componentId === undefined || line.component_id === input.componentId);
  if (lines.length === 0) throw new Error(`invoice ${invoice.number} has no line to credit`);
  const net = -lines.reduce((sum, line) => sum + line.amount_cents, 0);
  const tax = taxOf(net, invoice.tax_rate_basis_points);
  const number = `${input.prefix}${String(await nextNumber(scope.db, scope.tenantId, 'credit_note')).padStart(6, '0')}`;
  const note = await scope
    .insertInto('invoices', {
      customer_id: invoice.customer_id,
      contract_id: invoice.contract_id,
      number,
      kind: 'credit_note',
      status: 'open',
      issue_date: input.issueDate,
      due_date: addDays(input.issueDate, input.paymentTermDays),
      period_start: invoice.period_start,
      period_end: invoice.period_end,
      currency: invoice.currency,
      net_cents: net,
      tax_cents: tax,
      gross_cents: net + tax,
      tax_rate_basis_points: invoice.tax_rate_basis_points,
      reverse_charge: invoice.reverse_charge,
      billing_address: invoice.billing_address,
      corrects_invoice_id: invoice.id,
      language: invoice.language,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await scope
    .insertInto(
      'invoice_lines',
      lines.map((line, index) => ({
        invoice_id: note.id,
        position: index + 1,
        description: `${input.reason}: ${line.description}`,
        quantity: line.quantity,
        unit_price_cents: -line.unit_price_cents,
        amount_cents: -line.amount_cents,
        component_id: line.component_id,
        period_start: line.period_start,
        period_end: line.period_end,
      })),
    )
    .execute();
  return { id: note.id, number };
}
