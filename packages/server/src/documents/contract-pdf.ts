import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { formatMoney } from '@portico/core';
import type { TenantScope } from '../db/tenant.ts';

export interface ContractDocumentData {
  tenantName: string;
  contractNumber: string;
  customerNumber: string;
  customer: { name: string; company: string | null; addressLines: string[]; email: string; vatId: string | null };
  planName: string;
  startDate: string;
  trialEnd: string | null;
  minimumTermEnd: string | null;
  noticePeriodDays: number;
  billingPeriodMonths: number;
  currency: string;
  lines: Array<{ description: string; quantity: number; amountCents: number }>;
  discount: { description: string; amountCents: number } | null;
  netCents: number;
  taxRateBasisPoints: number;
  taxCents: number;
  grossCents: number;
  reverseCharge: boolean;
  payment: string[];
  terms: Array<{ key: string; textVersion: string; acceptedAt: string }>;
}

/**
 * Renders the contract summary as a PDF. pdfkit writes every value as text, so names holding HTML or script are
 * printed literally and cannot become markup.
 */
export function renderContractPdf(data: ContractDocumentData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Contract ${data.contractNumber}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (cents: number) => formatMoney(cents, data.currency, 'en');

  doc.font('Helvetica-Bold').fontSize(18).text(data.tenantName);
  doc.moveDown(0.3).fontSize(14).text(`Contract ${data.contractNumber}`);
  doc.moveDown().font('Helvetica').fontSize(10);
  doc.text(`Customer ${data.customerNumber}`);
  if (data.customer.company) doc.text(data.customer.company);
  doc.text(data.customer.name);
  for (const line of data.customer.addressLines) doc.text(line);
  doc.text(data.customer.email);
  if (data.customer.vatId) doc.text(`VAT ID: ${data.customer.vatId}`);

  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Subscription');
  doc.font('Helvetica').fontSize(10);
  doc.text(`Plan: ${data.planName}`);
  doc.text(`Start: ${data.startDate}`);
  if (data.trialEnd) doc.text(`Free trial until: ${data.trialEnd}`);
  doc.text(`Billing period: ${data.billingPeriodMonths} month(s)`);
  if (data.minimumTermEnd) doc.text(`Minimum term until: ${data.minimumTermEnd}`);
  doc.text(`Notice period: ${data.noticePeriodDays} day(s)`);

  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Price per billing period');
  doc.font('Helvetica').fontSize(10);
  for (const line of data.lines) doc.text(`${line.quantity} × ${line.description}: ${money(line.amountCents)}`);
  if (data.discount) doc.text(`${data.discount.description}: −${money(data.discount.amountCents)}`);
  doc.text(`Net: ${money(data.netCents)}`);
  doc.text(
    data.reverseCharge
      ? 'VAT: reverse charge (the recipient is liable for VAT)'
      : `VAT ${(data.taxRateBasisPoints / 100).toFixed(2)} %: ${money(data.taxCents)}`,
  );
  doc.font('Helvetica-Bold').text(`Total: ${money(data.grossCents)}`);

  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Payment');
  doc.font('Helvetica').fontSize(10);
  for (const line of data.payment) doc.text(line);

  if (data.terms.length > 0) {
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Accepted terms');
    doc.font('Helvetica').fontSize(10);
    for (const term of data.terms) doc.text(`${term.key} (version ${term.textVersion}), ${term.acceptedAt}`);
  }
  doc.end();
  return done;
}

/** Renders the contract document and stores it in `documents` with its SHA-256; returns the document id. */
export async function storeContractDocument(
  scope: TenantScope,
  ids: { customerId: string; contractId: string },
  data: ContractDocumentData,
): Promise<string> {
  const pdf = await renderContractPdf(data);
  const row = await scope
    .insertInto('documents', {
      customer_id: ids.customerId,
      contract_id: ids.contractId,
      kind: 'contract',
      title: `Contract ${data.contractNumber}`,
      content_type: 'application/pdf',
      content: new Uint8Array(pdf),
      sha256: createHash('sha256').update(pdf).digest('hex'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
