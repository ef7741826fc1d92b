import { svg, html } from 'lit';
import { msg, str } from '@lit/localize';
import { isolate } from '../../base/bidi.ts';
import { plural } from '../../i18n/plural.ts';

export interface ChartDay {
  /** `YYYY-MM-DD`. */
  date: string;
  quantity: number;
}

const WIDTH = 620;
const HEIGHT = 160;

/**
 * Usage by day as inline SVG bars. The picture is `role="img"` with a summary for screen readers; the table
 * under it holds the same figures as text.
 */
export function usageChart(days: ChartDay[], lang: string, unit: string) {
  const max = Math.max(1, ...days.map((day) => day.quantity));
  const total = days.reduce((sum, day) => sum + day.quantity, 0);
  const peak = days.reduce<ChartDay | null>((best, day) => (!best || day.quantity > best.quantity ? day : best), null);
  const number = new Intl.NumberFormat(lang);
  const slot = days.length > 0 ? WIDTH / days.length : WIDTH;
  const label =
    peak && peak.quantity > 0
      ? usageSummary(
          days.length,
          `${number.format(total)} ${isolate(unit)}`,
          dayLabel(peak.date, lang),
          number.format(peak.quantity),
        )
      : msg('Usage by day: no usage in this month.');
  return html`<svg class="chart" role="img" aria-label=${label} viewBox="0 0 ${WIDTH} ${HEIGHT + 20}">
    ${days.map((day, index) => {
      const height = Math.round((day.quantity / max) * HEIGHT);
      return svg`<rect x=${index * slot + 1} y=${HEIGHT - height} width=${Math.max(1, slot - 2)} height=${height}>
          <title>${dayLabel(day.date, lang)}: ${number.format(day.quantity)}</title>
        </rect>
        ${
          index % 5 === 0
            ? svg`<text x=${index * slot + slot / 2} y=${HEIGHT + 15} text-anchor="middle">${Number(day.date.slice(8))}</text>`
            : ''
        }`;
    })}
  </svg>`;
}

export function dayLabel(date: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** "Usage by day: 1,234 calls in 30 days, most on 12 March with 80." (the count of days picks the form). */
function usageSummary(count: number, total: string, peak: string, peakQuantity: string): string {
  return plural(count, {
    zero: () =>
      msg(str`Usage by day: ${total} in ${count} days, most on ${peak} with ${peakQuantity}.`, {
        id: 'usageByDay.zero',
      }),
    one: () =>
      msg(str`Usage by day: ${total} in ${count} day, most on ${peak} with ${peakQuantity}.`, { id: 'usageByDay.one' }),
    two: () =>
      msg(str`Usage by day: ${total} in ${count} days, most on ${peak} with ${peakQuantity}.`, {
        id: 'usageByDay.two',
      }),
    few: () =>
      msg(str`Usage by day: ${total} in ${count} days, most on ${peak} with ${peakQuantity}.`, {
        id: 'usageByDay.few',
      }),
    many: () =>
      msg(str`Usage by day: ${total} in ${count} days, most on ${peak} with ${peakQuantity}.`, {
        id: 'usageByDay.many',
      }),
    other: () =>
      msg(str`Usage by day: ${total} in ${count} days, most on ${peak} with ${peakQuantity}.`, {
        id: 'usageByDay.other',
      }),
  });
}
