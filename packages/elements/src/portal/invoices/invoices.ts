import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { InvoicePage, InvoiceSummary } from '@portico/core';
import { formatAmount, formatDate } from '../format.ts';
import { invoiceKindLabel, invoiceStatusLabel } from '../labels.ts';
import { PortalSection } from '../section.ts';
import { plural } from '../../i18n/plural.ts';

const STATUSES: InvoiceSummary['status'][] = ['open', 'overdue', 'paid', 'void'];

/**
 * Invoices and credit notes, filtered by status and year and paged by the server; PDFs download with the
 * session's bearer token.
 *
 * @event portal-navigate - Internal: asks `<portico-portal>` to list all invoices instead of one contract's.
 *
 * @internal A section of `<portico-portal>`, which hands it the client and session; pages style it through the
 *   portal's parts.
 */
export class PorticoPortalInvoices extends PortalSection {
  /** Only this contract's invoices; empty lists all of the customer's invoices. */
  @property({ attribute: 'contract-id', reflect: true }) contractId = '';

  /** How many invoices one page holds. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 10;

  @state() private status = '';
  @state() private year = '';
  @state() private items: InvoiceSummary[] = [];
  @state() private years: number[] = [];
  @state() private nextCursor: string | null = null;
  @state() private loading = true;
  @state() private loadingMore = false;
  @state() private error = '';
  @state() private downloadError = '';

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('client') || changed.has('contractId') || changed.has('pageSize')) void this.fetch(false);
  }

  private query(cursor: string | null): string {
    const params = new URLSearchParams();
    if (this.contractId) params.set('contract', this.contractId);
    if (this.status) params.set('status', this.status);
    if (this.year) params.set('year', this.year);
    if (cursor) params.set('cursor', cursor);
    params.set('limit', String(this.pageSize));
    return `/invoices?${params.toString()}`;
  }

  /** Loads the first page (a new filter) or, with `more`, the next one, and moves focus to its first row. */
  private async fetch(more: boolean): Promise<void> {
    const firstNew = more ? this.items.length : 0;
    const page = await this.loadInto<InvoicePage>(this.query(more ? this.nextCursor : null), (load) => {
      this.loading = !more && load.status === 'loading';
      this.loadingMore = more && load.status === 'loading';
      this.error = load.status === 'error' ? load.message : '';
      if (load.status !== 'ready') return;
      this.items = more ? [...this.items, ...load.data.items] : load.data.items;
      this.nextCursor = load.data.nextCursor;
      if (load.data.years.length > 0 || !this.year) this.years = load.data.years;
    });
    if (page && more) {
      await this.updateComplete;
      this.renderRoot.querySelectorAll<HTMLElement>('tbody tr')[firstNew]?.querySelector('button')?.focus();
    }
  }

  private onFilter(event: Event): void {
    const select = event.target as HTMLSelectElement;
    if (select.name === 'status') this.status = select.value;
    else this.year = select.value;
    void this.fetch(false);
  }

  private async download(invoice: InvoiceSummary): Promise<void> {
    if (!this.client) return;
    this.downloadError = '';
    try {
      await this.client.download(`/invoices/${encodeURIComponent(invoice.id)}/pdf`, `${invoice.number}.pdf`);
    } catch (error) {
      this.downloadError = this.errorMessage(error) ?? '';
    }
  }

  override render() {
    return html`<h2 part="section-heading" tabindex="-1">
        ${this.contractId ? msg('Invoices for this contract') : msg('Invoices and credit notes')}
      </h2>
      ${
        this.contractId
          ? html`<p>
              <button type="button" @click=${() => this.navigate({ view: 'invoices', contractId: null })}>
                ${msg('All invoices')}
              </button>
            </p>`
          : nothing
      }
      <div class="filters">
        <label>
          ${msg('Status')}
          <select name="status" .value=${this.status} @change=${this.onFilter}>
            <option value="">${msg('All statuses')}</option>
            ${STATUSES.map((status) => html`<option value=${status}>${invoiceStatusLabel(status)}</option>`)}
          </select>
        </label>
        <label>
          ${msg('Year')}
          <select name="year" .value=${this.year} @change=${this.onFilter}>
            <option value="">${msg('All years')}</option>
            ${this.years.map((year) => html`<option value=${String(year)}>${year}</option>`)}
          </select>
        </label>
      </div>
      ${this.renderList()}`;
  }

  private renderList() {
    if (this.loading) return html`<p role="status">${msg('Loading invoices…')}</p>`;
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    const lang = this.effectiveLang;
    return html`
      <p role="status" class="muted">
        ${
          this.items.length > 0
            ? shownText(this.items.length)
            : this.status || this.year
              ? msg('No invoices match these filters.')
              : msg('No invoices yet.')
        }
      </p>
      ${
        this.items.length === 0
          ? nothing
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${msg('Number')}</th>
                  <th scope="col">${msg('Date')}</th>
                  <th scope="col" class="amount">${msg('Amount')}</th>
                  <th scope="col">${msg('Due date')}</th>
                  <th scope="col">${msg('Status')}</th>
                  <th scope="col">${msg('PDF')}</th>
                </tr>
              </thead>
              <tbody>
                ${this.items.map(
                  (invoice) =>
                    html`<tr data-id=${invoice.id}>
                      <td>
                        ${invoice.number}
                        ${
                          invoice.kind === 'credit_note'
                            ? html`<span class="muted">(${invoiceKindLabel(invoice.kind)})</span>`
                            : nothing
                        }
                      </td>
                      <td>${formatDate(invoice.issueDate, lang)}</td>
                      <td class="amount">${formatAmount(invoice.grossCents, invoice.currency, lang)}</td>
                      <td>${formatDate(invoice.dueDate, lang)}</td>
                      <td class="status">${invoiceStatusLabel(invoice.status)}</td>
                      <td>
                        <button
                          type="button"
                          aria-label=${msg(str`Download PDF of ${invoice.number}`)}
                          @click=${() => this.download(invoice)}
                        >
                          ${msg('Download')}
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${this.downloadError ? html`<p role="alert">${this.downloadError}</p>` : nothing}
      ${
        this.nextCursor
          ? html`<div class="actions">
              <button type="button" class="more" ?disabled=${this.loadingMore} @click=${() => this.fetch(true)}>
                ${this.loadingMore ? msg('Loading…') : msg('Load more')}
              </button>
            </div>`
          : nothing
      }
    `;
  }
}

/** "Showing 12 documents." */
function shownText(count: number): string {
  return plural(count, {
    zero: () => msg(str`Showing ${count} documents.`, { id: 'documentsShown.zero' }),
    one: () => msg(str`Showing ${count} document.`, { id: 'documentsShown.one' }),
    two: () => msg(str`Showing ${count} documents.`, { id: 'documentsShown.two' }),
    few: () => msg(str`Showing ${count} documents.`, { id: 'documentsShown.few' }),
    many: () => msg(str`Showing ${count} documents.`, { id: 'documentsShown.many' }),
    other: () => msg(str`Showing ${count} documents.`, { id: 'documentsShown.other' }),
  });
}
