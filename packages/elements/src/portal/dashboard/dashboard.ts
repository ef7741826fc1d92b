import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { ContractSummary, Dashboard, InvoiceSummary } from '@portico/core';
import { allowedViews } from '../access.ts';
import { formatAmount, formatDate } from '../format.ts';
import { contractStatusLabel, invoiceStatusLabel } from '../labels.ts';
import { PortalSection, type Load } from '../section.ts';

/**
 * The portal's dashboard: the subscribed services and the pending invoices.
 *
 * @event portal-navigate - Internal: asks `<portico-portal>` to open a contract or the invoices.
 *
 * @internal A section of `<portico-portal>`, which hands it the client and session; pages style it through the
 *   portal's parts.
 */
export class PorticoPortalDashboard extends PortalSection {
  @state() private load: Load<Dashboard> = { status: 'loading' };

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('client')) void this.fetch();
  }

  protected override reload(): Promise<void> {
    return this.fetch(true);
  }

  /** Loads the data; `quiet` keeps the current view until the answer is there. */
  private async fetch(quiet = false): Promise<void> {
    await this.loadInto<Dashboard>('/dashboard', (load) => (this.load = load), quiet);
  }

  override render() {
    return html`<h2 part="section-heading" tabindex="-1">${msg('Overview')}</h2>
      ${this.renderContent()}`;
  }

  private renderContent() {
    const load = this.load;
    if (load.status === 'loading') return html`<p role="status">${msg('Loading your overview…')}</p>`;
    if (load.status === 'error') return html`<p role="alert">${load.message}</p>`;
    const views = this.session ? allowedViews(this.session) : [];
    // Status and dates are contract details: a person without the contract permission sees number and plan only
    // (the server sends them no contracts; the session names them).
    const details = !!this.session?.person.permissions.includes('contract');
    const labels = this.session?.contracts ?? [];
    const empty = details ? load.data.contracts.length === 0 : labels.length === 0;
    return html`
      <section aria-labelledby="services">
        <h3 id="services">${msg('Your services')}</h3>
        ${
          empty
            ? html`<p>${msg('You have no services yet.')}</p>`
            : html`<ul class="cards">
                ${
                  details
                    ? load.data.contracts.map((contract) => this.renderContract(contract, views.includes('contract')))
                    : labels.map(
                        (label) =>
                          html`<li class="contract">
                            <strong><bdi>${label.planName}</bdi></strong>
                            <dl>
                              <dt>${msg('Contract number')}</dt>
                              <dd>${label.contractNumber}</dd>
                            </dl>
                          </li>`,
                      )
                }
              </ul>`
        }
      </section>
      ${views.includes('invoices') ? this.renderPending(load.data.pendingInvoices) : nothing}
    `;
  }

  private renderContract(contract: ContractSummary, canManage: boolean) {
    const lang = this.effectiveLang;
    const manageable = canManage && (contract.status === 'active' || contract.status === 'ending');
    return html`<li class="contract">
      <strong><bdi>${contract.planName}</bdi> – <bdi>${contract.variantName}</bdi></strong>
      <dl>
        <dt>${msg('Contract number')}</dt>
        <dd>${contract.contractNumber}</dd>
        <dt>${msg('Status')}</dt>
        <dd class="status">
          ${contractStatusLabel(contract.status)}${
            contract.status === 'ending' && contract.endDate
              ? html` – ${msg(str`ends on ${formatDate(contract.endDate, lang)}`)}`
              : nothing
          }
        </dd>
        <dt>${msg('Next billing date')}</dt>
        <dd>${formatDate(contract.nextBillingDate, lang)}</dd>
      </dl>
      ${
        manageable
          ? html`<div class="actions">
              <button
                type="button"
                aria-label=${msg(str`Manage contract ${contract.contractNumber}`)}
                @click=${() => this.navigate({ view: 'contract', contractId: contract.id })}
              >
                ${msg('Manage')}
              </button>
            </div>`
          : nothing
      }
    </li>`;
  }

  private renderPending(invoices: InvoiceSummary[]) {
    const lang = this.effectiveLang;
    return html`<section aria-labelledby="pending">
      <h3 id="pending">${msg('Pending invoices')}</h3>
      ${
        invoices.length === 0
          ? html`<p>${msg('No invoices are waiting for payment.')}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${msg('Number')}</th>
                  <th scope="col">${msg('Due date')}</th>
                  <th scope="col" class="amount">${msg('Amount')}</th>
                  <th scope="col">${msg('Status')}</th>
                </tr>
              </thead>
              <tbody>
                ${invoices.map(
                  (invoice) =>
                    html`<tr>
                      <td>${invoice.number}</td>
                      <td>${formatDate(invoice.dueDate, lang)}</td>
                      <td class="amount">${formatAmount(invoice.grossCents, invoice.currency, lang)}</td>
                      <td class="status">${invoiceStatusLabel(invoice.status)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <div class="actions">
        <button type="button" @click=${() => this.navigate({ view: 'invoices', contractId: null })}>
          ${msg('All invoices')}
        </button>
      </div>
    </section>`;
  }
}
