import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { UsageExportFormat, UsageStatistics } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { renderUsagePdf } from '../documents/usage-pdf.ts';
import { customerRecipient } from '../email/send.ts';
import { errors } from '../http/schemas.ts';
import { unitColumnLabel } from '../i18n-api/catalog-text.ts';
import { t } from '../i18n/translate.ts';
import { portalOf, portalLanguage, requires } from './context.ts';
import { Download, signedIn, tags, TenantAndId, UsageExportQuery } from './schemas.ts';
import { usageStatistics } from './usage.ts';
import { writeXlsx, type Cell } from './xlsx.ts';

const CONTENT_TYPES: Record<UsageExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
};

/** `GET …/contracts/{id}/usage/export?format=csv|xlsx|pdf|json`: the statistics' figures as a download. */
export const usageExportRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const db = database.db;
  app.get(
    '/contracts/:id/usage/export',
    {
      schema: {
        summary: 'The usage statistics of a month as a download (CSV, XLSX, PDF or JSON)',
        tags,
        security: signedIn,
        params: TenantAndId,
        querystring: UsageExportQuery,
        produces: Object.values(CONTENT_TYPES).map((type) => type.split(';')[0]!),
        response: { 200: Download, ...errors(400, 401, 403, 404) },
      },
      preValidation: requires('usage', 'usage', 'download usage statistics'),
    },
    async (request, reply) => {
      const context = portalOf(request);
      const { format } = request.query;
      // The language the element shows: the names and the PDF's labels match the screen the download came from.
      const language = portalLanguage(request, context);
      const stats = await usageStatistics(db, context, request.params.id, request.query, language);
      const filename = `usage-${stats.month}${stats.dimension ? `-${stats.dimension}` : ''}.${format}`.replace(
        /[^\w.-]/g,
        '_',
      );
      const body =
        format === 'json'
          ? JSON.stringify(stats, null, 2)
          : format === 'csv'
            ? toCsv(stats, language)
            : format === 'xlsx'
              ? Buffer.from(
                  writeXlsx(t(language, 'document.usage.title', { Month: stats.month }), usageTable(stats, language)),
                )
              : await renderUsagePdf(stats, {
                  tenantName: (await customerRecipient(db, context.tenantId, context.customerId, context.settings))
                    .tenantName,
                  language,
                  branding: context.settings.branding,
                });
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );
};

/**
 * The table CSV and XLSX share: a row per day with a column per metered component, then the totals and their
 * prices (in the currency's main unit) — the same figures as the portal's screen. The labels are in `language`
 * (the PDF's words); the figures stay machine-readable (ISO dates, `.` decimals) so spreadsheets read them.
 */
export function usageTable(stats: UsageStatistics, language: string): Cell[][] {
  const header = [t(language, 'document.usage.date'), ...stats.totals.map(unitColumnLabel)];
  const days = stats.days.map((day) => [day.date, ...stats.totals.map((t) => day.quantities[t.componentId] ?? 0)]);
  return [
    header,
    ...days,
    [t(language, 'document.total'), ...stats.totals.map((total) => total.quantity)],
    [
      t(language, 'document.usage.priceIn', { Currency: stats.currency }),
      ...stats.totals.map((total) => total.priceCents / 100),
    ],
  ];
}

/** RFC 4180 CSV; text that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function toCsv(stats: UsageStatistics, language: string): string {
  const cell = (value: Cell) => {
    if (typeof value === 'number') return String(value);
    const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return usageTable(stats, language)
    .map((row) => row.map(cell).join(','))
    .join('\r\n')
    .concat('\r\n');
}
