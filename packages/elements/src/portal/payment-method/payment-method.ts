import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { PaymentMethodKind, PaymentMethodSummary, PaymentMethodView } from '@portico/core';
import { ApiError } from '../../base/api.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import type { PorticoCardErrorEvent } from '../../events/card-error-event.ts';
import type { PaymentErrors, PorticoPayment } from '../../shared/payment/payment.ts';
import { formatDate } from '../format.ts';
import { PortalSection, type Load } from '../section.ts';
import { sectionStyles } from '../section.styles.ts';
import { paymentMethodStyles } from './payment-method.styles.ts';

function kindLabel(kind: PaymentMethodKind): string {
  switch (kind) {
    case 'sepa':
      return msg('SEPA direct debit');
    case 'invoice':
      return msg('Invoice');
    case 'card':
      return msg('Credit card');
  }
}

/** The server's `payment.*` field errors, placed on the payment block's fields. */
function paymentErrors(fields: Record<string, string>): PaymentErrors {
  const errors: PaymentErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const name = key.replace(/^payment\./, '');
    if (name === 'holder' || name === 'iban' || name === 'bic') errors[name] = message;
    else if (name === 'cardToken') errors.card = message;
    else errors.method = message;
  }
  return errors;
}

/**
 * Payment data: the active payment method, masked, and its replacement by any method the merchant enables, entered
 * in the signup's own payment block (`<portico-payment>`: SEPA with mandate text, the card provider's frame,
 * invoice). The previous method is kept for the records; a refused card or IBAN leaves it active.
 *
 * @internal A section of `<portico-portal>`, which hands it the client and session; pages style it through the
 *   portal's parts.
 */
export class PorticoPortalPaymentMethod extends PortalSection {
  static override styles = [hostStyles, sectionStyles, paymentMethodStyles];

  @state() private load: Load<PaymentMethodView> = { status: 'loading' };
  @state() private editing = false;
  @state() private method: PaymentMethodKind | '' = '';
  @state() private errors: PaymentErrors = {};
  @state() private saving = false;
  @state() private message = '';
  /** The alert, worded when rendered so that it follows a language switch. */
  @state() private alert: () => string = () => '';

  @query('portico-payment') private paymentEl!: PorticoPayment | null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('client')) void this.fetch();
  }

  /** The mandate text comes in the language shown: the form stays open while it loads again. */
  protected override reload(): Promise<void> {
    return this.fetch(true);
  }

  private async fetch(quiet = false): Promise<void> {
    await this.loadInto<PaymentMethodView>('/payment-method', (load) => (this.load = load), quiet);
  }

  private get view(): PaymentMethodView | null {
    return this.load.status === 'ready' ? this.load.data : null;
  }

  /** Shows the payment data a save answered with. */
  private set view(data: PaymentMethodView) {
    this.load = { status: 'ready', data };
    this.dataSaved();
  }

  private async edit(): Promise<void> {
    if (!this.view) return;
    const kinds = this.view.enabledKinds;
    this.method = kinds.length === 1 ? kinds[0]! : '';
    this.errors = {};
    this.message = '';
    this.alert = () => '';
    this.editing = true;
    await this.updateComplete;
    await this.paymentEl?.updateComplete;
    this.paymentEl?.focusFirstInvalid();
  }

  private async cancelEdit(): Promise<void> {
    this.editing = false;
    this.alert = () => '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button.replace')?.focus();
  }

  /**
   * Keeps the block's choice, so a re-render never resets it. (`errors` stays as the server answered: the block
   * itself drops the errors of the fields the customer edits since.)
   */
  private onDraft(): void {
    if (!this.paymentEl) return;
    this.method = this.paymentEl.method;
  }

  /**
   * A decline is worded once, by the section (the old method stays): the block forgets the card and its own copy of
   * the message. Other refusals the block shows under the card frame.
   */
  private onCardError(event: PorticoCardErrorEvent): void {
    if (event.detail.code !== 'card_declined') return;
    this.paymentEl?.resetCard();
    this.alert = () => msg('The card was declined. Your previous payment method remains active.');
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const paymentEl = this.paymentEl;
    if (!this.client || !paymentEl || this.saving) return;
    this.message = '';
    this.alert = () => '';
    this.saving = true;
    try {
      // A card typed into the provider's frame but not yet confirmed there is tokenized now.
      await paymentEl.requestCardToken();
      paymentEl.showErrors();
      const payment = paymentEl.value;
      if (!(await paymentEl.validate()) || !payment) {
        // The block's message, as it words it now (a language switch shows it anew under the field).
        const problem = paymentEl.validationMessage;
        if (!this.alert()) this.alert = () => problem;
        paymentEl.focusFirstInvalid();
        return;
      }
      this.view = await this.client.send<PaymentMethodView>('PUT', '/payment-method', payment);
      this.editing = false;
      this.message = msg('Your payment method is replaced. We have sent you a confirmation by e-mail.');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('button.replace')?.focus();
    } catch (error) {
      await this.refused(error);
    } finally {
      this.saving = false;
    }
  }

  private async refused(error: unknown): Promise<void> {
    if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length > 0) {
      this.errors = paymentErrors(error.fields);
      if (this.errors.card) {
        this.paymentEl?.resetCard();
        this.alert = () => msg('The card details were not accepted. Your previous payment method remains active.');
      } else {
        this.alert = () => msg('Please check the marked fields.');
      }
      await this.updateComplete;
      this.paymentEl?.showErrors();
      this.paymentEl?.focusFirstInvalid();
      return;
    }
    if (error instanceof ApiError && error.status === 402) {
      this.paymentEl?.resetCard();
      this.alert = () => msg('The card was declined. Your previous payment method remains active.');
      return;
    }
    this.alert = () => this.errorMessage(error) ?? '';
  }

  override render() {
    return html`<h2 part="section-heading" tabindex="-1">${msg('Payment data')}</h2>
      ${this.renderBody()}
      <p role="status" class="message">${this.message}</p>
      <p role="alert" class="alert">${this.alert()}</p>`;
  }

  private renderBody() {
    const load = this.load;
    if (load.status === 'loading') return html`<p role="status">${msg('Loading the payment method…')}</p>`;
    if (load.status === 'error') return html`<p role="alert">${load.message}</p>`;
    const view = load.data;
    const current = html`<section class="current" aria-labelledby="current-heading">
      <h3 id="current-heading">${msg('Current payment method')}</h3>
      ${view.current ? this.renderMethod(view.current) : html`<p>${msg('No payment method is on file.')}</p>`}
    </section>`;
    if (!this.editing) {
      return html`${current}
        <div class="actions">
          <button type="button" class="replace" @click=${this.edit}>${msg('Replace payment method')}</button>
        </div>`;
    }
    return html`${current}
      <form novalidate @submit=${this.save}>
        <portico-payment
          lang=${this.effectiveLang}
          legend=${msg('New payment method')}
          tenant=${this.client?.tenant ?? ''}
          api-base=${this.client?.apiBase ?? ''}
          .methods=${view.enabledKinds}
          .sepa=${view.sepa}
          .method=${this.method}
          .errors=${this.errors}
          ?disabled=${this.saving}
          @input=${this.onDraft}
          @change=${this.onDraft}
          @portico-card-error=${this.onCardError}
        ></portico-payment>
        <p class="muted">${msg('Your previous payment method is kept for your records.')}</p>
        <div class="actions">
          <button type="submit" part="primary-button" class="primary save" ?disabled=${this.saving}>
            ${this.saving ? msg('Saving…') : msg('Save payment method')}
          </button>
          <button type="button" class="cancel" ?disabled=${this.saving} @click=${this.cancelEdit}>
            ${msg('Cancel')}
          </button>
        </div>
      </form>`;
  }

  private renderMethod(method: PaymentMethodSummary) {
    const lang = this.effectiveLang;
    const row = (label: string, value: string | null, field: string) =>
      value
        ? html`<dt>${label}</dt>
            <dd data-field=${field}>${value}</dd>`
        : nothing;
    const expiry =
      method.expMonth && method.expYear ? `${String(method.expMonth).padStart(2, '0')}/${method.expYear}` : null;
    return html`<dl>
      ${row(msg('Payment method'), kindLabel(method.kind), 'kind')}
      ${
        method.kind === 'sepa'
          ? html`${row(msg('Account holder'), method.holder, 'holder')}
              <dt>${msg('IBAN')}</dt>
              <dd data-field="masked" class="masked">${method.masked}</dd>
              ${row(msg('BIC'), method.bic, 'bic')} ${row(msg('Mandate reference'), method.mandateReference, 'mandate')}`
          : nothing
      }
      ${
        method.kind === 'card'
          ? html`<dt>${msg('Card')}</dt>
              <dd data-field="masked" class="masked">${method.masked}</dd>
              ${row(msg('Valid until'), expiry, 'expiry')}`
          : nothing
      }
      ${row(msg('Since'), formatDate(method.createdAt, lang), 'since')}
    </dl>`;
  }
}
