import { createHash } from 'node:crypto';
import type { BrandingSettings } from '../db/schema.ts';
import type { TenantScope } from '../db/tenant.ts';
import { termsLabelIn, termsLabelText } from '../html/terms-label.ts';
import {
  formatAmount,
  formatCountry,
  formatDate,
  formatDateTime,
  formatDuration,
  formatPercent,
} from '../i18n/format.ts';
import { startPdf } from './pdf.ts';

export interface ContractDocumentData {
  tenantName: string;
  contractNumber: string;
  customerNumber: string;
  customer: {
    name: string;
    company: string | null;
    /** Street and city lines, without the country. */
    addressLines: string[];
    /** ISO 3166 code; printed as the country's name in the document's language. */
    country: string | null;
    email: string;
    vatId: string | null;
  };
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
  /**
   * The terms the customer ticked (required ones; informational notices are no acceptance), printed with their
   * label (merchant HTML per language, as the signup showed it) as plain text in the document's language.
   */
  terms: Array<{ key: string; label: Record<string, string>; textVersion: string; acceptedAt: string }>;
  /** The customer's language (the order's); the PDF falls back as `pdf.ts` describes. English when absent. */
  language?: string;
  /** The tenant's settings.branding. */
  branding?: Partial<BrandingSettings> | null;
}

/**
 * Renders the contract summary as a PDF in the contract's language (see `pdf.ts` for fallbacks). pdfkit writes
 * every value as text, so names holding HTML or script are printed literally and cannot become markup.
 */
export function renderContractPdf(data: ContractDocumentData): Promise<Buffer> {
  const pdf = startPdf({
    title: data.contractNumber,
    author: data.tenantName,
    language: data.language,
    branding: data.branding,
    values: [
      data.tenantName,
      data.customer.name,
      data.customer.company ?? '',
      ...data.customer.addressLines,
      data.planName,
      ...data.lines.map((line) => line.description),
      ...data.payment,
      ...data.terms.map((term) => termsLabelText(termsLabelIn(term.label, data.language ?? 'en'))),
    ],
  });
  const { doc, t, language, printable } = pdf;
  const money = (cents: number) => formatAmount(language, cents, data.currency);
  const date = (value: string) => formatDate(language, value);
  const labelValue = (label: string, value: string) => t('document.labelValue', { Label: label, Value: value });

  pdf.header(t('document.contract.title', { ContractNumber: data.contractNumber }));
  doc.text(t('document.contract.customer', { CustomerNumber: data.customerNumber }));
  if (data.customer.company) doc.text(printable(data.customer.company));
  doc.text(printable(data.customer.name));
  for (const line of data.customer.addressLines) doc.text(printable(line));
  if (data.customer.country) doc.text(printable(formatCountry(language, data.customer.country)));
  doc.text(printable(data.customer.email));
  if (data.customer.vatId) doc.text(t('document.vatId', { VatId: data.customer.vatId }));

  pdf.heading(t('document.contract.subscription'));
  doc.text(t('document.contract.plan', { PlanName: data.planName }));
  doc.text(t('document.contract.start', { Date: date(data.startDate) }));
  if (data.trialEnd) doc.text(t('document.contract.trialUntil', { Date: date(data.trialEnd) }));
  doc.text(
    t('document.contract.billingPeriod', { Duration: formatDuration(language, data.billingPeriodMonths, 'month') }),
  );
  if (data.minimumTermEnd) doc.text(t('document.contract.minimumTermUntil', { Date: date(data.minimumTermEnd) }));
  doc.text(t('document.contract.noticePeriod', { Duration: formatDuration(language, data.noticePeriodDays, 'day') }));

  pdf.heading(t('document.contract.pricePerPeriod'));
  for (const line of data.lines) {
    doc.text(labelValue(`${line.quantity} × ${line.description}`, money(line.amountCents)));
  }
  if (data.discount) doc.text(labelValue(data.discount.description, `−${money(data.discount.amountCents)}`));
  doc.text(labelValue(t('document.net'), money(data.netCents)));
  doc.text(
    data.reverseCharge
      ? t('document.contract.vatReverseCharge')
      : t('document.contract.vat', {
          Rate: formatPercent(language, data.taxRateBasisPoints),
          Amount: money(data.taxCents),
        }),
  );
  doc.font(pdf.bold).text(labelValue(t('document.total'), money(data.grossCents)));

  pdf.heading(t('document.contract.payment'));
  for (const line of data.payment) doc.text(printable(line));

  if (data.terms.length > 0) {
    pdf.heading(t('document.contract.acceptedTerms'));
    for (const term of data.terms) {
      doc.text(
        t('document.contract.acceptedTerm', {
          Term: printable(termsLabelText(termsLabelIn(term.label, language)) || term.key),
          Version: term.textVersion,
          AcceptedAt: formatDateTime(language, term.acceptedAt),
        }),
      );
    }
  }
  doc.end();
  return pdf.done;
}

/**
 * Stores a rendered contract document in `documents` with its SHA-256; returns the document id. The order renders
 * the PDF (`renderContractPdf`) before its storing transaction, so no connection is held while pdfkit draws.
 */
export async function storeContractDocument(
  scope: TenantScope,
  ids: { customerId: string; contractId: string },
  contractNumber: string,
  pdf: Buffer,
): Promise<string> {
  const row = await scope
    .insertInto('documents', {
      customer_id: ids.customerId,
      contract_id: ids.contractId,
      kind: 'contract',
      title: `Contract ${contractNumber}`,
      content_type: 'application/pdf',
      content: new Uint8Array(pdf),
      sha256: createHash('sha256').update(pdf).digest('hex'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
