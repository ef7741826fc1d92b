import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { formatMoney, type PlanVariantSummary } from '@portico/core';
import { PorticoElement } from '../base/portico-element.ts';
import { hostStyles } from '../base/shared.styles.ts';
import { ApiError, getJson } from '../base/api.ts';
import { PorticoErrorEvent } from '../events/error-event.ts';
import { signupStyles } from './signup.styles.ts';

type LoadState =
  { status: 'loading' } | { status: 'ready'; variant: PlanVariantSummary } | { status: 'error'; message: string };

/**
 * The hosted signup page: shows the chosen plan variant and takes the order.
 *
 * @event portico-error - The plan variant could not be loaded.
 * @csspart base - The page's card.
 * @cssprop --portico-color-surface - Card background.
 */
export class PorticoSignup extends PorticoElement {
  static override styles = [hostStyles, signupStyles];

  /** The merchant's tenant id, e.g. `demo`. */
  @property({ reflect: true }) tenant = '';

  /** The id of the plan variant to order. */
  @property({ attribute: 'plan-variant', reflect: true }) planVariant = '';

  /** Base URL of the Portico server; empty when the page is served by it. */
  @property({ attribute: 'api-base' }) apiBase = '';

  @state() private load: LoadState = { status: 'loading' };

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('tenant') || changed.has('planVariant') || changed.has('apiBase')) void this.fetchVariant();
  }

  private async fetchVariant(): Promise<void> {
    if (!this.tenant || !this.planVariant) return;
    this.load = { status: 'loading' };
    const url = `${this.apiBase}/api/signup/${encodeURIComponent(this.tenant)}/plan-variants/${encodeURIComponent(this.planVariant)}`;
    try {
      this.load = { status: 'ready', variant: await getJson<PlanVariantSummary>(url) };
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'unknown';
      const message =
        code === 'not_found'
          ? msg('This plan is not available for signup.')
          : msg('The plan could not be loaded. Please check your connection and reload the page.');
      this.load = { status: 'error', message };
      this.emit(new PorticoErrorEvent({ code, message }));
    }
  }

  override render() {
    return html`<section part="base" aria-busy=${this.load.status === 'loading' ? 'true' : 'false'}>
      ${this.renderContent()}
    </section>`;
  }

  private renderContent() {
    const load = this.load;
    if (load.status === 'loading') return html`<p role="status">${msg('Loading the plan…')}</p>`;
    if (load.status === 'error') return html`<p role="alert">${load.message}</p>`;
    const { variant } = load;
    const price = formatMoney(variant.priceCents, variant.currency, this.effectiveLang);
    const period =
      variant.billingPeriodMonths === 12
        ? msg('per year')
        : variant.billingPeriodMonths === 1
          ? msg('per month')
          : msg(str`every ${variant.billingPeriodMonths} months`);
    return html`
      <h1>${variant.planName}</h1>
      <p class="muted">${variant.variantName}</p>
      ${variant.description ? html`<p>${variant.description}</p>` : nothing}
      <p class="price"><strong>${price}</strong> ${period}</p>
      ${variant.trialDays > 0 ? html`<p>${msg(str`Try it free for ${variant.trialDays} days.`)}</p>` : nothing}
    `;
  }
}
