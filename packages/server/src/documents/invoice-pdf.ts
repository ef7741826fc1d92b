import PDFDocument from 'pdfkit';
import { formatMoney } from '@portico/core';
import type { Invoice, InvoiceLine } from '../db/schema.ts';

export interface InvoicePdfData {
  merchantName: string;
  invoice: Invoice;
  lines: InvoiceLine[];
  /** Number of the invoice a credit note corrects. */
  correctsNumber: string | null;
}

/**
 * Renders an invoice or credit note as a PDF on demand: number, dates, billing address, lines, net/tax/gross and
 * the reverse-charge note. pdfkit writes every value as text, so names holding HTML or script are printed
 * literally and can never become markup.
 */
export function renderInvoicePdf({ merchantName, invoice, lines, correctsNumber }: InvoicePdfData): Promise<Buffer> {
  const creditNote = invoice.kind === 'credit_note';
  const title = `${creditNote ? 'Credit note' : 'Invoice'} ${invoice.number}`;
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Author: merchantName } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const currency = invoice.currency.trim();
  const money = (cents: number) => formatMoney(cents, currency, 'en');

  doc.font('Helvetica-Bold').fontSize(18).text(merchantName);
  doc.moveDown(0.3).fontSize(14).text(title);
  doc.moveDown().font('Helvetica').fontSize(10);

  const address = invoice.billing_address;
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ');
  const street = [address.street, address.houseNumber].filter(Boolean).join(' ');
  const city = [address.postalCode, address.city].filter(Boolean).join(' ');
  for (const line of [
    address.company,
    name,
    street,
    city,
    address.country,
    address.vatId && `VAT ID ${address.vatId}`,
  ]) {
    if (line) doc.text(line);
  }
  doc.moveDown();
  doc.text(`Date: ${invoice.issue_date}`);
  if (invoice.due_date) doc.text(`Due: ${invoice.due_date}`);
  if (invoice.period_start && invoice.period_end) doc.text(`Period: ${invoice.period_start} to ${invoice.period_end}`);
  if (correctsNumber) doc.text(`Corrects invoice ${correctsNumber}`);
  doc.text(`Status: ${invoice.status}`);
  doc.moveDown();

  const left = doc.page.margins.left;
  const amountX = doc.page.width - doc.page.margins.right - 110;
  doc.font('Helvetica-Bold');
  const headerY = doc.y;
  doc.text('Description', left, headerY, { width: amountX - left - 10 });
  doc.text('Amount', amountX, headerY, { width: 110, align: 'right' });
  doc.font('Helvetica').moveDown(0.5);
  for (const line of lines) {
    const y = doc.y;
    const quantity = line.quantity !== 1 ? `${line.quantity} × ` : '';
    doc.text(`${quantity}${line.description}`, left, y, { width: amountX - left - 10 });
    const after = doc.y;
    doc.text(money(line.amount_cents), amountX, y, { width: 110, align: 'right' });
    doc.y = Math.max(after, doc.y);
  }
  doc.moveDown();
  const totals: Array<[string, number]> = [
    ['Net', invoice.net_cents],
    [`Tax (${(invoice.tax_rate_basis_points / 100).toFixed(2).replace(/\.00$/, '')} %)`, invoice.tax_cents],
    ['Total', invoice.gross_cents],
  ];
  for (const [label, cents] of totals) {
    const y = doc.y;
    doc.font(label === 'Total' ? 'Helvetica-Bold' : 'Helvetica');
    doc.text(label, left, y, { width: amountX - left - 10, align: 'right' });
    doc.text(money(cents), amountX, y, { width: 110, align: 'right' });
  }
  doc.font('Helvetica').moveDown();
  if (invoice.reverse_charge) {
    doc.text('Reverse charge: the recipient is liable for VAT (Art. 196 Council Directive 2006/112/EC).', left);
  }
  doc.end();
  return done;
}
