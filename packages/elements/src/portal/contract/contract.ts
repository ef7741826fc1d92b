import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { numberFormat, type ContractComponentDetails, type ContractDetails } from '@portico/core';
import { allowedViews } from '../access.ts';
import { formatAmount, formatDate } from '../format.ts';
import { contractStatusLabel } from '../labels.ts';
import { dayAfter, periodText, unitPriceText } from '../../signup/format.ts';
import { plural } from '../../i18n/plural.ts';
import { PortalSection, type Load } from '../section.ts';

/**
 * Contract details: status, plan variant, what the customer pays (plan, components, coupon, tax), term dates and
 * the contract document.
 *
 * @event portal-navigate - Internal: asks `<portico-portal>` to list this contract's invoices.
 *
 * @internal A section of `<portico-portal>`, which hands it the client and session; pages style it through the
 *   portal's parts.
 */
export class PorticoPortalContract extends PortalSection {
  /** The contract to show. */
  @property({ attribute: 'contract-id', reflect: true }) contractId = '';

  @state() private load: Load<ContractDetails> = { status: 'loading' };
  @state() private documentError = '';
  @state() private documentBusy = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('client') || changed.has('contractId')) void this.fetch();
  }

  protected override reload(): Promise<void> {
    return this.fetch(true);
  }

  /** Loads the data; `quiet` keeps the current view until the answer is there. */
  private async fetch(quiet = false): Promise<void> {
    if (!this.contractId) return;
    const path = `/contracts/${encodeURIComponent(this.contractId)}`;
    await this.loadInto<ContractDetails>(path, (load) => (this.load = load), quiet);
  }

  private async openDocument(contract: ContractDetails, view: boolean): Promise<void> {
    if (!this.client) return;
    this.documentBusy = true;
    this.documentError = '';
    try {
      await this.client.download(
        `/contracts/${encodeURIComponent(contract.id)}/document`,
        `contract-${contract.contractNumber}.pdf`,
        view,
      );
    } catch (error) {
      this.documentError = this.errorMessage(error) ?? '';
    } finally {
      this.documentBusy = false;
    }
  }

  override render() {
    const title =
      this.load.status === 'ready' ? msg(str`Contract ${this.load.data.contractNumber}`) : msg('Contract details');
    return html`<h2 part="section-heading" tabindex="-1">${title}</h2>
      ${this.renderContent()}`;
  }

  private renderContent() {
    const load = this.load;
    if (load.status === 'loading') return html`<p role="status">${msg('Loading the contract…')}</p>`;
    if (load.status === 'error') return html`<p role="alert">${load.message}</p>`;
    const c = load.data;
    const lang = this.effectiveLang;
    const session = this.session;
    // The server says whether the contract has a document to offer (also during a trial; not once it has ended).
    const showDocument =
      c.hasDocument && !!session?.displayedAreas.documents && session.person.permissions.includes('contract');
    const period = periodText(c.billingPeriodMonths);
    return html`
      <dl>
        <dt>${msg('Status')}</dt>
        <dd>
          ${contractStatusLabel(c.status)}${
            c.status === 'ending' && c.endDate ? html` – ${msg(str`ends on ${formatDate(c.endDate, lang)}`)}` : nothing
          }
        </dd>
        <dt>${msg('Plan')}</dt>
        <dd><bdi>${c.planName}</bdi> – <bdi>${c.variantName}</bdi></dd>
        <dt>${msg('Price')}</dt>
        <dd>${formatAmount(c.priceCents, c.currency, lang)} ${period}</dd>
        <dt>${msg('Start')}</dt>
        <dd>${formatDate(c.startDate, lang)}</dd>
        <dt>${msg('Current period')}</dt>
        <dd>${formatDate(c.currentPeriodStart, lang)} – ${formatDate(c.currentPeriodEnd, lang)}</dd>
        <dt>${msg('Next billing date')}</dt>
        <dd>${formatDate(c.nextBillingDate, lang)}</dd>
        <dt>${msg('Minimum term until')}</dt>
        <dd>${c.minimumTermEnd ? formatDate(c.minimumTermEnd, lang) : msg('No minimum term')}</dd>
        <dt>${msg('Notice period')}</dt>
        <dd>${c.noticePeriodDays === 0 ? msg('None') : noticePeriodText(c.noticePeriodDays)}</dd>
        ${
          c.status === 'ending' && c.endDate
            ? html`<dt>${msg('Contract ends on')}</dt>
                <dd>${formatDate(c.endDate, lang)}</dd>`
            : html`<dt>${msg('Earliest possible end')}</dt>
                <dd>${formatDate(c.earliestEndDate, lang)}</dd>`
        }
      </dl>
      <h3>${msg('Components')}</h3>
      ${
        c.components.length === 0
          ? html`<p>${msg('No additional components.')}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${msg('Component')}</th>
                  <th scope="col" class="amount">${msg('Quantity')}</th>
                  <th scope="col" class="amount">${msg('Price')}</th>
                </tr>
              </thead>
              <tbody>
                ${c.components.map(
                  (component) =>
                    html`<tr>
                      <td dir="auto">${component.name}</td>
                      <td class="amount">
                        ${
                          component.kind === 'metered'
                            ? msg('By usage')
                            : component.kind === 'on_off'
                              ? component.quantity > 0
                                ? msg('Included')
                                : msg('Not included')
                              : component.quantity
                        }
                      </td>
                      <td class="amount">${this.componentPrice(component, c)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${this.renderPrice(c)}
      <div class="actions">
        ${
          showDocument
            ? html`<button type="button" ?disabled=${this.documentBusy} @click=${() => this.openDocument(c, true)}>
                  ${msg('View contract document')}
                </button>
                <button type="button" ?disabled=${this.documentBusy} @click=${() => this.openDocument(c, false)}>
                  ${msg('Download contract document')}
                </button>`
            : nothing
        }
        ${
          session && allowedViews(session).includes('invoices')
            ? html`<button type="button" @click=${() => this.navigate({ view: 'invoices', contractId: c.id })}>
                ${msg('Invoices for this contract')}
              </button>`
            : nothing
        }
      </div>
      ${this.documentError ? html`<p role="alert">${this.documentError}</p>` : nothing}
    `;
  }

  /** What a component costs per period, or per units for metered usage. */
  private componentPrice(component: ContractComponentDetails, c: ContractDetails) {
    const lang = this.effectiveLang;
    if (component.kind === 'metered') {
      // As the signup's usage fees say it: "€1.50 per 1,000 (unit: call)".
      return component.unit
        ? unitPriceText({ ...component, unit: component.unit }, c.currency, lang)
        : formatAmount(component.unitPriceCents, c.currency, lang);
    }
    if (component.amountCents === null || component.quantity === 0) return '–';
    return `${formatAmount(component.amountCents, c.currency, lang)} ${periodText(c.billingPeriodMonths)}`;
  }

  /** Coupon, net, tax and the total per period; when the coupon ends, what is charged afterwards. */
  private renderPrice(c: ContractDetails) {
    const lang = this.effectiveLang;
    const money = (cents: number) => formatAmount(cents, c.currency, lang);
    const period = periodText(c.billingPeriodMonths);
    const price = c.price;
    const rate = numberFormat(lang, { style: 'percent', maximumFractionDigits: 2 }).format(
      price.taxRateBasisPoints / 10000,
    );
    return html`<h3>${msg('What you pay')}</h3>
      <dl class="price">
        ${
          price.discount
            ? html`<dt>${msg(str`Coupon ${price.discount.code}`)}</dt>
                <dd>
                  −${money(price.discount.amountCents)}
                  ${period}${
                    price.discount.endsOn
                      ? html` (${msg(str`until ${formatDate(price.discount.endsOn, lang)}`)})`
                      : nothing
                  }
                </dd>`
            : nothing
        }
        <dt>${msg('Net')}</dt>
        <dd>${money(price.netCents)} ${period}</dd>
        <dt>${price.reverseCharge ? msg('VAT (reverse charge)') : msg(str`VAT ${rate}`)}</dt>
        <dd>${money(price.taxCents)}</dd>
        <dt>${msg('Total')}</dt>
        <dd class="total">${money(price.grossCents)} ${period}</dd>
        ${
          price.discount?.endsOn && price.grossAfterDiscountCents !== null
            ? html`<dt>${msg(str`From ${formatDate(dayAfter(price.discount.endsOn), lang)}`)}</dt>
                <dd class="after-coupon">${money(price.grossAfterDiscountCents)} ${period}</dd>`
            : nothing
        }
      </dl>
      ${
        c.components.some((component) => component.kind === 'metered')
          ? html`<p class="muted">${msg('Usage is billed on top, as used.')}</p>`
          : nothing
      }`;
  }
}

/** "14 days". */
function noticePeriodText(days: number): string {
  return plural(days, {
    zero: () => msg(str`${days} days`, { id: 'noticePeriod.zero' }),
    one: () => msg(str`${days} day`, { id: 'noticePeriod.one' }),
    two: () => msg(str`${days} days`, { id: 'noticePeriod.two' }),
    few: () => msg(str`${days} days`, { id: 'noticePeriod.few' }),
    many: () => msg(str`${days} days`, { id: 'noticePeriod.many' }),
    other: () => msg(str`${days} days`, { id: 'noticePeriod.other' }),
  });
}
