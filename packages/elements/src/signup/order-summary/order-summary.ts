import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { formatMoney, numberFormat, type OrderPreview } from '@portico/core';
import { PorticoElement } from '../../base/portico-element.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import { dayAfter, formatDate, periodText } from '../format.ts';
import { sectionStyles } from '../../shared/section.styles.ts';
import { orderSummaryStyles } from './order-summary.styles.ts';

/**
 * The order summary as the server computed it (the preview): lines, discount, net, tax or the reverse-charge
 * note, gross, what is due today and what recurs, and the trial end.
 *
 * @csspart total - The gross total row.
 *
 * @internal A building block of `<portico-signup>`, which sets its properties; pages style it through the
 *   signup's parts.
 */
export class PorticoOrderSummary extends PorticoElement {
  static override styles = [hostStyles, sectionStyles, orderSummaryStyles];

  @property({ attribute: false }) preview: OrderPreview | null = null;
  /** True while a newer preview is on its way. */
  @property({ type: Boolean, reflect: true }) loading = false;
  /** Why the summary could not be computed. */
  @property() error = '';

  override render() {
    const preview = this.preview;
    return html`<section aria-labelledby="heading" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id="heading" part="section-heading">${msg('Order summary')}</h2>
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      ${preview ? this.renderPreview(preview) : html`<p class="muted">${msg('Calculating…')}</p>`}
    </section>`;
  }

  private renderPreview(preview: OrderPreview) {
    const lang = this.effectiveLang;
    const money = (cents: number) => formatMoney(cents, preview.currency, lang);
    const rate = numberFormat(lang, { style: 'percent', maximumFractionDigits: 2 }).format(
      preview.taxRateBasisPoints / 10000,
    );
    return html`
      <table>
        <caption class="visually-hidden">
          ${msg('Order lines')}
        </caption>
        <thead class="visually-hidden">
          <tr>
            <th scope="col">${msg('Item')}</th>
            <th scope="col">${msg('Amount')}</th>
          </tr>
        </thead>
        <tbody>
          ${preview.lines.map(
            (line) =>
              html`<tr>
                <th scope="row">${line.quantity > 1 ? `${line.quantity} × ` : ''}<bdi>${line.description}</bdi></th>
                <td>${money(line.amountCents)}</td>
              </tr>`,
          )}
          ${
            preview.discount
              ? html`<tr class="discount">
                  <th scope="row">
                    <bdi>${preview.discount.description}</bdi> (<bdi>${preview.discount.code}</bdi>)${
                      preview.discount.endsOn
                        ? html`, ${msg(str`until ${formatDate(preview.discount.endsOn, lang)}`)}`
                        : nothing
                    }
                  </th>
                  <td>−${money(preview.discount.amountCents)}</td>
                </tr>`
              : nothing
          }
          <tr class="subtotal">
            <th scope="row">${msg('Net')}</th>
            <td>${money(preview.netCents)}</td>
          </tr>
          <tr>
            <th scope="row">${preview.reverseCharge ? msg('VAT (reverse charge)') : msg(str`VAT ${rate}`)}</th>
            <td>${money(preview.taxCents)}</td>
          </tr>
          <tr part="total" class="total">
            <th scope="row">${msg('Total')}</th>
            <td>${money(preview.grossCents)}</td>
          </tr>
        </tbody>
      </table>
      ${
        preview.reverseCharge
          ? html`<p class="muted note">${msg('Reverse charge: the VAT is owed by the recipient of the service.')}</p>`
          : nothing
      }
      <dl class="due">
        <div>
          <dt>${msg('Due today')}</dt>
          <dd>${money(preview.dueTodayCents)}</dd>
        </div>
        <div>
          <dt>${msg('Then')}</dt>
          <dd>${money(preview.recurringCents)} ${periodText(preview.billingPeriodMonths)}</dd>
        </div>
        ${
          // When the coupon runs out, what is charged after it.
          preview.discount?.endsOn &&
          preview.afterDiscountCents !== null &&
          preview.afterDiscountCents !== preview.recurringCents
            ? html`<div class="after-coupon">
                <dt>${msg(str`From ${formatDate(dayAfter(preview.discount.endsOn), lang)}`)}</dt>
                <dd>${money(preview.afterDiscountCents)} ${periodText(preview.billingPeriodMonths)}</dd>
              </div>`
            : nothing
        }
      </dl>
      ${
        preview.trialEnd
          ? html`<p class="trial">${msg(str`Free trial until ${formatDate(preview.trialEnd, lang)}.`)}</p>`
          : nothing
      }
    `;
  }
}
