import type { UsageStatistics } from '@portico/core';
import type { BrandingSettings } from '../db/schema.ts';
import { formatAmount } from '../i18n/format.ts';
import { unitColumnLabel } from '../i18n-api/catalog-text.ts';
import { startPdf } from './pdf.ts';

/**
 * The usage statistics of a month as a PDF table in the customer's language: a row per day with a column per
 * metered component, then the totals and their prices — the figures of the CSV/XLSX export, formatted with Intl.
 */
export function renderUsagePdf(
  stats: UsageStatistics,
  options: { language: string; tenantName: string; branding?: Partial<BrandingSettings> | null },
): Promise<Buffer> {
  const pdf = startPdf({
    title: `${stats.month}`,
    author: options.tenantName,
    language: options.language,
    branding: options.branding,
    values: [options.tenantName, stats.dimension ?? '', ...stats.totals.map(unitColumnLabel)],
  });
  const { doc, t, language, printable } = pdf;
  const month = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${stats.month}-01T00:00:00Z`),
  );
  const day = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 3 });
  pdf.header(
    stats.dimension
      ? t('document.usage.titleDimension', { Month: month, Dimension: stats.dimension })
      : t('document.usage.title', { Month: month }),
  );

  const rows: string[][] = [
    [t('document.usage.date'), ...stats.totals.map(unitColumnLabel)],
    ...stats.days.map((entry) => [
      day.format(new Date(`${entry.date}T00:00:00Z`)),
      ...stats.totals.map((total) => number.format(entry.quantities[total.componentId] ?? 0)),
    ]),
    [t('document.total'), ...stats.totals.map((total) => number.format(total.quantity))],
    [
      t('document.usage.price'),
      ...stats.totals.map((total) => formatAmount(language, total.priceCents, stats.currency)),
    ],
  ];
  const left = doc.page.margins.left;
  const width = (doc.page.width - left - doc.page.margins.right) / Math.max(1, rows[0]!.length);
  doc.fontSize(9);
  rows.forEach((row, index) => {
    if (doc.y > doc.page.height - 72) doc.addPage();
    const y = doc.y;
    const bold = index === 0 || index >= rows.length - 2;
    doc.font(bold ? pdf.bold : pdf.regular);
    row.forEach((value, column) => {
      doc.text(printable(value), left + column * width, y, {
        width: width - 4,
        align: column === 0 ? 'left' : 'right',
      });
    });
    doc.x = left;
  });
  doc.end();
  return pdf.done;
}
