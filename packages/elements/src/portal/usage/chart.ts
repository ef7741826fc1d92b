import { svg, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { UnitForms } from '@portico/core';
import { isolate } from '../../base/bidi.ts';
import { plural } from '../../i18n/plural.ts';
import { dateTimeFormat, numberFormat as cachedNumberFormat, pluralRules as cachedPluralRules } from '@portico/core';

export interface ChartDay {
  /** `YYYY-MM-DD`. */
  date: string;
  quantity: number;
}

/** What the chart needs besides its days; the section keeps the state (which day is shown) and re-renders. */
export interface ChartOptions {
  lang: string;
  /** The unit's label for a quantity ("1 call", "21,900 calls"). */
  unit: (quantity: number) => string;
  /** The day shown in the readout (hovered or focused), or -1. */
  active: number;
  /** The day that takes the keyboard focus (roving tabindex). */
  focusable: number;
  onActive: (index: number, focus: boolean) => void;
  onLeave: () => void;
}

const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 56;
const RIGHT = 8;
const TOP = 20;
const BOTTOM = 24;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

/** The chart's formatters (`@portico/core` `intl-cache.ts`: created once per language, reused for every render). */
export const numberFormat = (lang: string) => cachedNumberFormat(lang);
const compactFormat = (lang: string) => cachedNumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
const dayFormat = (lang: string) => dateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
export const monthFormat = (lang: string) => dateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** The Portuguese texts are European (0 → other), as in `plural()`. */
const pluralRules = (lang: string) => cachedPluralRules(lang.split('-')[0] === 'pt' ? 'pt-PT' : lang);

/**
 * The unit's label for a quantity: the catalog's form for the quantity's plural category in `lang`, else its
 * `other` form, else the unit as the catalog names it.
 */
export function unitLabel(unit: string, units: UnitForms, quantity: number, lang: string): string {
  return units[pluralRules(lang).select(quantity)] ?? units.other ?? unit;
}

/** "21.900 Aufrufe": the quantity with its unit (isolated, so a Latin unit keeps its place in Arabic). */
export function quantityText(quantity: number, unit: string, lang: string): string {
  const number = numberFormat(lang).format(quantity);
  return unit ? `${number} ${isolate(unit)}` : number;
}

/** The axis' top: the quantity rounded up to 1, 2, 2.5 or 5 times a power of ten. */
function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= max)!;
  return step * power;
}

/**
 * Usage by day as inline SVG bars with a value axis, day labels and a readout. The chart is a group named by a
 * text summary; each day is an image named by its date and value, reachable with the arrow keys (one tab stop,
 * roving focus), and the one hovered or focused shows its value above its bar and in the readout under the chart.
 * The table under the chart holds the same figures as text.
 */
export function usageChart(days: ChartDay[], options: ChartOptions) {
  const { lang, unit, active } = options;
  const number = numberFormat(lang);
  const total = days.reduce((sum, day) => sum + day.quantity, 0);
  const peakIndex = days.reduce((best, day, index) => (day.quantity > (days[best]?.quantity ?? -1) ? index : best), 0);
  const peak = days[peakIndex];
  const top = niceCeiling(peak?.quantity ?? 0);
  const slot = PLOT_WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(1, Math.min(slot - 2, 32));
  const y = (quantity: number) => TOP + PLOT_HEIGHT - (quantity / top) * PLOT_HEIGHT;
  const label =
    peak && peak.quantity > 0
      ? usageSummary(
          days.length,
          quantityText(total, unit(total), lang),
          dayLabel(peak.date, lang),
          number.format(peak.quantity),
        )
      : msg('Usage by day: no usage in this month.');
  const every = Math.max(1, Math.ceil(days.length / 8));
  const shown = active >= 0 ? active : peakIndex;
  const shownDay = days[shown];
  const describe = (day: ChartDay) =>
    `${dayLabel(day.date, lang)}: ${quantityText(day.quantity, unit(day.quantity), lang)}`;

  const onKey = (event: KeyboardEvent) => {
    const from = options.focusable;
    const to =
      event.key === 'ArrowRight' || event.key === 'ArrowUp'
        ? Math.min(days.length - 1, from + 1)
        : event.key === 'ArrowLeft' || event.key === 'ArrowDown'
          ? Math.max(0, from - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? days.length - 1
              : null;
    if (to === null) return;
    event.preventDefault();
    options.onActive(to, true);
  };

  return html`<svg
      class="chart"
      role="group"
      aria-label=${label}
      dir="ltr"
      viewBox="0 0 ${WIDTH} ${HEIGHT}"
      @keydown=${onKey}
      @pointerleave=${options.onLeave}
      @focusout=${(event: FocusEvent) => {
        if (!(event.currentTarget as Element).contains(event.relatedTarget as Node | null)) options.onLeave();
      }}
    >
      <g class="axis" aria-hidden="true">
        ${[0, top / 2, top].map(
          (tick) =>
            svg`<line x1=${LEFT} x2=${WIDTH - RIGHT} y1=${y(tick)} y2=${y(tick)}></line>
              <text x=${LEFT - 6} y=${y(tick) + 4} text-anchor="end">${compactFormat(lang).format(tick)}</text>`,
        )}
        ${days.map((day, index) =>
          index % every === 0
            ? svg`<text x=${LEFT + index * slot + slot / 2} y=${HEIGHT - 6} text-anchor="middle">${Number(day.date.slice(8))}</text>`
            : nothing,
        )}
      </g>
      ${days.map((day, index) => {
        const height = (day.quantity / top) * PLOT_HEIGHT;
        return svg`<g
          class=${index === active ? 'day active' : 'day'}
          role="img"
          aria-label=${describe(day)}
          data-date=${day.date}
          tabindex=${index === options.focusable ? 0 : -1}
          @pointerenter=${() => options.onActive(index, false)}
          @focus=${() => options.onActive(index, false)}
        >
          <rect class="slot" x=${LEFT + index * slot} y=${TOP} width=${slot} height=${PLOT_HEIGHT}></rect>
          <rect class="bar" x=${LEFT + index * slot + (slot - barWidth) / 2} y=${y(day.quantity)} width=${barWidth} height=${height}></rect>
        </g>`;
      })}
      ${
        shownDay && (active >= 0 || shownDay.quantity > 0)
          ? svg`<text class="value" aria-hidden="true" x=${Math.min(WIDTH - RIGHT - 24, Math.max(LEFT + 24, LEFT + shown * slot + slot / 2))} y=${y(shownDay.quantity) - 6} text-anchor="middle">${number.format(shownDay.quantity)}</text>`
          : nothing
      }
    </svg>
    <p class="readout muted" aria-hidden="true">${active >= 0 && shownDay ? describe(shownDay) : ''}</p>`;
}

export function dayLabel(date: string, lang: string): string {
  return dayFormat(lang).format(new Date(`${date}T00:00:00Z`));
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
