import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import {
  USAGE_EXPORT_FORMATS,
  type UsageDimension,
  type UsageExportFormat,
  type UsageStatistics,
  type UsageTotal,
} from '@portico/core';
import { ApiError } from '../../base/api.ts';
import { isolate } from '../../base/bidi.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import { formatAmount } from '../format.ts';
import { PortalSection } from '../section.ts';
import { sectionStyles } from '../section.styles.ts';
import { dayLabel, monthFormat, numberFormat, quantityText, unitLabel, usageChart } from './chart.ts';
import { usageStyles } from './usage.styles.ts';

/**
 * Usage statistics of one contract: a month (the current one by default) and a usage dimension to filter by,
 * a chart by day with the same figures in a table, totals per metered component with their price, and
 * downloads of the selection (CSV, XLSX, PDF, JSON) fetched with the session's bearer token.
 *
 * @internal A section of `<portico-portal>`, which hands it the client and session; pages style it through the
 *   portal's parts.
 */
export class PorticoPortalUsage extends PortalSection {
  static override styles = [hostStyles, sectionStyles, usageStyles];

  /** The contract; empty means the session's first contract. */
  @property({ attribute: 'contract-id', reflect: true }) contractId = '';

  @state() private month = '';
  @state() private dimension = '';
  @state() private component = '';
  @state() private stats: UsageStatistics | null = null;
  @state() private loading = true;
  @state() private error = '';
  @state() private downloading: UsageExportFormat | null = null;
  @state() private downloadMessage = '';
  @state() private downloadError = '';
  /** The chart's day shown in its readout (hovered or focused; -1 for none) and the one that takes the focus. */
  @state() private activeDay = -1;
  @state() private focusDay = -1;
  private focusChart = false;

  private get contract(): string {
    return this.contractId || this.session?.contractIds[0] || '';
  }

  /** The contract whose data was asked for last. */
  private askedFor = '';

  override willUpdate(changed: Map<string, unknown>): void {
    // A new session object (after an extension or a language switch) asks for nothing new unless the contract
    // it resolves to changed.
    if (changed.has('client') || this.contract !== this.askedFor) void this.load();
  }

  override updated(changed: Map<string, unknown>): void {
    super.updated(changed);
    // The chart's focus follows the arrow keys once the new day is drawn.
    if (!this.focusChart) return;
    this.focusChart = false;
    this.renderRoot.querySelectorAll<SVGGElement>('svg.chart g.day')[this.focusDay]?.focus();
  }

  private query(format?: UsageExportFormat): string {
    const params = new URLSearchParams();
    if (this.month) params.set('month', this.month);
    if (this.dimension) params.set('dimension', this.dimension);
    if (format) params.set('format', format);
    const base = `/contracts/${encodeURIComponent(this.contract)}/usage${format ? '/export' : ''}`;
    const search = params.toString();
    return search ? `${base}?${search}` : base;
  }

  /** The chart and tables stay while the usage loads again (component names come in the new language). */
  protected override reload(): Promise<void> {
    return this.load();
  }

  private async load(): Promise<void> {
    if (!this.contract) return;
    this.askedFor = this.contract;
    await this.loadInto<UsageStatistics>(this.query(), (load) => {
      this.loading = load.status === 'loading';
      this.error = load.status === 'error' ? load.message : '';
      if (load.status !== 'ready') return;
      const stats = load.data;
      if (stats.month !== this.stats?.month || stats.days.length !== this.stats.days.length) {
        this.activeDay = -1;
        this.focusDay = -1;
      }
      this.stats = stats;
      this.month = stats.month;
      if (!stats.totals.some((total) => total.componentId === this.component)) {
        this.component = stats.totals[0]?.componentId ?? '';
      }
    });
  }

  /** A refused month or dimension is explained by the server's field message. */
  protected override errorMessage(error: unknown): string | null {
    if (error instanceof ApiError && error.status === 400) {
      return error.fields.month ?? error.fields.dimension ?? error.message;
    }
    return super.errorMessage(error);
  }

  private onMonth(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (!value || value === this.month) return;
    this.month = value;
    void this.load();
  }

  private onDimension(event: Event): void {
    this.dimension = (event.target as HTMLSelectElement).value;
    void this.load();
  }

  private async download(format: UsageExportFormat): Promise<void> {
    if (!this.client) return;
    this.downloading = format;
    this.downloadMessage = '';
    this.downloadError = '';
    try {
      await this.client.download(this.query(format), `usage-${this.month || 'current'}.${format}`);
      this.downloadMessage = msg(str`The ${format.toUpperCase()} file is downloaded.`);
    } catch (error) {
      this.downloadError = this.errorMessage(error) ?? '';
    } finally {
      this.downloading = null;
    }
  }

  override render() {
    const stats = this.stats;
    return html`<h2 part="section-heading" tabindex="-1">${msg('Usage statistics')}</h2>
      <div class="filters">
        <label>
          ${msg('Month')}
          <input
            type="month"
            name="month"
            .value=${this.month}
            min=${this.stats?.firstMonth ?? ''}
            max=${currentMonth()}
            @change=${this.onMonth}
          />
        </label>
        <label>
          ${msg('Usage dimension')}
          <select name="dimension" .value=${this.dimension} @change=${this.onDimension}>
            <option value="">${msg('All')}</option>
            ${(stats?.dimensions ?? []).map(
              (dimension) =>
                html`<option value=${dimension.key} ?selected=${dimension.key === this.dimension}>
                  ${dimensionLabel(dimension)}
                </option>`,
            )}
          </select>
        </label>
        ${
          stats && stats.totals.length > 1
            ? html`<label>
                ${msg('Chart of')}
                <select
                  name="component"
                  .value=${this.component}
                  @change=${(event: Event) => (this.component = (event.target as HTMLSelectElement).value)}
                >
                  ${stats.totals.map(
                    (total) =>
                      html`<option
                        value=${total.componentId}
                        dir="auto"
                        ?selected=${total.componentId === this.component}
                      >
                        ${total.name}
                      </option>`,
                  )}
                </select>
              </label>`
            : nothing
        }
      </div>
      ${this.renderStats()}`;
  }

  private renderStats() {
    if (this.loading && !this.stats) return html`<p role="status">${msg('Loading usage…')}</p>`;
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    const stats = this.stats;
    if (!stats) return nothing;
    const lang = this.effectiveLang;
    const number = numberFormat(lang);
    const chosen = stats.totals.find((total) => total.componentId === this.component);
    const monthName = monthFormat(lang).format(new Date(`${stats.month}-01T00:00:00Z`));
    const unit = (total: UsageTotal, quantity: number) => unitLabel(total.unit, total.units, quantity, lang);
    // A month without usage (or outside the contract) says so instead of drawing an empty chart.
    const empty = stats.days.every((day) => Object.values(day.quantities).every((quantity) => quantity === 0));
    const sum = stats.totals.reduce((total, line) => total + line.priceCents, 0);
    return html`
      <p role="status" class="muted">${this.loading ? msg('Loading usage…') : msg(str`Usage in ${monthName}.`)}</p>
      <h3>${msg('Totals')}</h3>
      ${
        stats.totals.length === 0
          ? html`<p>${msg('This contract has no metered components.')}</p>`
          : html`<table class="totals">
              <thead>
                <tr>
                  <th scope="col">${msg('Component')}</th>
                  <th scope="col" class="amount">${msg('Quantity')}</th>
                  <th scope="col" class="amount">${msg('Price')}</th>
                </tr>
              </thead>
              <tbody>
                ${stats.totals.map(
                  (total) =>
                    html`<tr data-component=${total.componentId}>
                      <th scope="row" dir="auto">${total.name}</th>
                      <td class="amount quantity">
                        ${number.format(total.quantity)} <bdi>${unit(total, total.quantity)}</bdi>
                      </td>
                      <td class="amount price">${formatAmount(total.priceCents, stats.currency, lang)}</td>
                    </tr>`,
                )}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colspan="2">${msg('Total')}</th>
                  <td class="amount sum">${formatAmount(sum, stats.currency, lang)}</td>
                </tr>
              </tfoot>
            </table>`
      }
      <h3>${msg('Download')}</h3>
      <div class="actions downloads">
        ${USAGE_EXPORT_FORMATS.map(
          (format) =>
            html`<button
              type="button"
              data-format=${format}
              aria-label=${msg(str`Download usage as ${format.toUpperCase()}`)}
              ?disabled=${this.downloading !== null}
              @click=${() => this.download(format)}
            >
              ${format.toUpperCase()}
            </button>`,
        )}
      </div>
      <p role="status" class="download-status">${this.downloadMessage}</p>
      <p role="alert" class="download-error">${this.downloadError}</p>
      ${
        chosen && empty
          ? html`<h3>${msg('Usage by day')}</h3>
              <p class="empty">${msg(str`No usage in ${monthName}.`)}</p>`
          : chosen
            ? html`<h3>${msg(str`${isolate(chosen.name)} by day`)}</h3>
                ${usageChart(
                  stats.days.map((day) => ({ date: day.date, quantity: day.quantities[chosen.componentId] ?? 0 })),
                  {
                    lang,
                    unit: (quantity) => unit(chosen, quantity),
                    active: this.activeDay,
                    focusable: this.focusDay >= 0 ? this.focusDay : stats.days.length - 1,
                    onActive: (index, focus) => {
                      this.activeDay = index;
                      if (focus) {
                        this.focusDay = index;
                        this.focusChart = true;
                      } else if (this.renderRoot.querySelector('svg.chart')?.contains(this.shadowRoot!.activeElement)) {
                        this.focusDay = index;
                      }
                    },
                    onLeave: () => (this.activeDay = -1),
                  },
                )}
                <table class="days">
                  <caption class="muted">
                    ${msg('Usage by day')}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${msg('Day')}</th>
                      ${stats.totals.map((total) => html`<th scope="col" class="amount" dir="auto">${total.name}</th>`)}
                    </tr>
                  </thead>
                  <tbody>
                    ${stats.days.map(
                      (day) =>
                        html`<tr data-date=${day.date}>
                          <th scope="row">${dayLabel(day.date, lang)}</th>
                          ${stats.totals.map(
                            (total) =>
                              html`<td class="amount">
                                ${quantityText(
                                  day.quantities[total.componentId] ?? 0,
                                  unit(total, day.quantities[total.componentId] ?? 0),
                                  lang,
                                )}
                              </td>`,
                          )}
                        </tr>`,
                    )}
                  </tbody>
                </table>`
            : nothing
      }
    `;
  }
}

/** Readable names of the usage dimensions the server records; another kind shows as written, capitalised. */
function dimensionKind(kind: string): string {
  switch (kind) {
    case 'token':
    case 'api_token':
    case 'access_token':
      return msg('Access token');
    case 'ip':
    case 'ip_address':
      return msg('IP address');
    default: {
      const words = kind.replace(/[_-]+/g, ' ').trim();
      return words.charAt(0).toLocaleUpperCase() + words.slice(1);
    }
  }
}

function dimensionLabel(dimension: UsageDimension): string {
  return `${dimensionKind(dimension.kind)}: ${dimension.value}`;
}

/** This month as `YYYY-MM` in the browser's time zone (the picker's upper bound; the server decides). */
function currentMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}
