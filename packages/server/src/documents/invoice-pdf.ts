import type { BrandingSettings, Invoice, InvoiceLine } from '../db/schema.ts';
import { formatAmount, formatCountry, formatDate, formatPercent } from '../i18n/format.ts';
import { startPdf } from './pdf.ts';

export interface InvoicePdfData {
  merchantName: string;
  invoice: Invoice;
  lines: InvoiceLine[];
  /** Number of the invoice a credit note corrects. */
  correctsNumber: string | null;
  /** The tenant's settings.branding: primary colour for headings and rules, a data: PNG/JPEG logo. */
  branding?: Partial<BrandingSettings> | null;
}

/**
 * Renders an invoice or credit note as a PDF on demand, in the invoice's language (see `pdf.ts` for fallbacks):
 * number, dates, billing address, lines, net/tax/gross and the reverse-charge note. pdfkit writes every value as
 * text, so names holding HTML or script are printed literally and can never become markup.
 */
export function renderInvoicePdf({
  merchantName,
  invoice,
  lines,
  correctsNumber,
  branding,
}: InvoicePdfData): Promise<Buffer> {
  const address = invoice.billing_address;
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ');
  const street = [address.street, address.houseNumber].filter(Boolean).join(' ');
  const city = [address.postalCode, address.city].filter(Boolean).join(' ');
  const pdf = startPdf({
    title: invoice.number,
    author: merchantName,
    language: invoice.language,
    branding,
    values: [merchantName, name, street, city, address.company ?? '', ...lines.map((line) => line.description)],
  });
  const { doc, t, language, printable } = pdf;
  const creditNote = invoice.kind === 'credit_note';
  const currency = invoice.currency.trim();
  const money = (cents: number) => printable(formatAmount(language, cents, currency));
  const date = (value: string) => printable(formatDate(language, value));
  // One formatter for every line: "21.900 × API-Aufrufe", "21 900 × Appels API", "21,900 × API calls".
  const count = new Intl.NumberFormat(language, { maximumFractionDigits: 3 });

  pdf.header(t(creditNote ? 'document.creditNote.title' : 'document.invoice.title', { Number: invoice.number }));
  for (const line of [
    address.company,
    name,
    street,
    city,
    address.country && formatCountry(language, address.country),
    address.vatId && t('document.vatId', { VatId: address.vatId }),
  ]) {
    if (line) doc.text(printable(line));
  }
  doc.moveDown();
  doc.text(t('document.invoice.date', { Date: date(invoice.issue_date) }));
  if (invoice.due_date) doc.text(t('document.invoice.due', { Date: date(invoice.due_date) }));
  if (invoice.period_start && invoice.period_end) {
    doc.text(t('document.invoice.period', { Start: date(invoice.period_start), End: date(invoice.period_end) }));
  }
  if (correctsNumber) doc.text(t('document.invoice.corrects', { Number: correctsNumber }));
  doc.text(t('document.invoice.status', { Status: t(`document.status.${invoice.status}`) }));
  doc.moveDown();

  const left = doc.page.margins.left;
  const amountX = doc.page.width - doc.page.margins.right - 110;
  doc.font(pdf.bold);
  const headerY = doc.y;
  doc.text(t('document.description'), left, headerY, { width: amountX - left - 10 });
  doc.text(t('document.amount'), amountX, headerY, { width: 110, align: 'right' });
  doc.font(pdf.regular).moveDown(0.5);
  for (const line of lines) {
    const y = doc.y;
    const quantity = line.quantity !== 1 ? `${count.format(line.quantity)} × ` : '';
    doc.text(printable(`${quantity}${line.description}`), left, y, { width: amountX - left - 10 });
    const after = doc.y;
    doc.text(money(line.amount_cents), amountX, y, { width: 110, align: 'right' });
    doc.y = Math.max(after, doc.y);
  }
  doc.moveDown();
  const totals: Array<[string, number, boolean]> = [
    [t('document.net'), invoice.net_cents, false],
    [t('document.tax', { Rate: formatPercent(language, invoice.tax_rate_basis_points) }), invoice.tax_cents, false],
    [t('document.total'), invoice.gross_cents, true],
  ];
  for (const [label, cents, total] of totals) {
    const y = doc.y;
    doc.font(total ? pdf.bold : pdf.regular);
    doc.text(printable(label), left, y, { width: amountX - left - 10, align: 'right' });
    doc.text(money(cents), amountX, y, { width: 110, align: 'right' });
  }
  doc.font(pdf.regular).moveDown();
  if (invoice.reverse_charge) doc.text(t('document.reverseCharge'), left);
  doc.end();
  return pdf.done;
}
