import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import {
  cardBrandName,
  type CardToken,
  type PaymentInput,
  type PaymentMethodKind,
  type SignupConfig,
} from '@portico/core';
import { isolate } from '../../base/bidi.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import { FormBlock } from '../../controls/form-block.ts';
import type { PorticoTextField } from '../../controls/text-field/text-field.ts';
import { sectionStyles } from '../section.styles.ts';
import { PorticoCardErrorEvent } from '../../events/card-error-event.ts';
import { readCardMessage } from './card-message.ts';
import { paymentStyles } from './payment.styles.ts';

export type PaymentErrorKey = 'method' | 'holder' | 'iban' | 'bic' | 'card';
export type PaymentErrors = Partial<Record<PaymentErrorKey, string>>;

/**
 * The payment method: a radio group of the methods the merchant enabled, then what the method needs.
 * SEPA direct debit asks for holder, IBAN and (optional) BIC and shows the mandate text; the card is
 * entered in the payment provider's own iframe, which hands back a token by `postMessage`. Payment data is
 * never stored in the browser.
 *
 * @event portico-card-error - The card frame refused the entered card (e.g. `card_declined`); no token was made.
 * @csspart card-frame - The card provider's iframe.
 *
 * @internal A building block of `<portico-signup>` and the portal's forms, which set its properties; pages style
 *   it through their parts.
 */
export class PorticoPayment extends FormBlock<PaymentErrorKey> {
  static override styles = [hostStyles, sectionStyles, paymentStyles];

  @property({ attribute: false }) methods: PaymentMethodKind[] = [];
  @property({ attribute: false }) sepa: SignupConfig['sepa'] | null = null;
  /** The chosen method. */
  @property() method: PaymentMethodKind | '' = '';
  /** The group's legend; defaults to "Payment method" (the portal says "New payment method"). */
  @property() legend = '';
  @property() tenant = '';
  /** Base URL of the Portico server; empty when the page is served by it. */
  @property({ attribute: 'api-base' }) apiBase = '';
  // `errors` (FormBlock): the server's errors `method`, `holder`, `iban`, `bic`, `card`.

  @state() private holder = '';
  @state() private iban = '';
  @state() private bic = '';
  @state() private card: CardToken | null = null;
  @state() private cardError = '';

  @query('iframe') private frame!: HTMLIFrameElement | null;

  /** What the order request needs, or null while incomplete. */
  get value(): PaymentInput | null {
    switch (this.method) {
      case 'sepa':
        return {
          kind: 'sepa',
          holder: this.holder.trim(),
          iban: this.iban.replace(/\s+/g, '').toUpperCase(),
          ...(this.bic.trim() ? { bic: this.bic.trim().toUpperCase() } : {}),
        };
      case 'invoice':
        return { kind: 'invoice' };
      case 'card':
        return this.card ? { kind: 'card', cardToken: this.card.token } : null;
      default:
        return null;
    }
  }

  /** The origin card-frame messages must come from. */
  get serverOrigin(): string {
    return new URL(this.apiBase || window.location.origin, window.location.href).origin;
  }

  /** Forgets the card token (e.g. after the card was declined), so the customer enters a card again. */
  resetCard(message = ''): void {
    this.card = null;
    this.cardError = message;
    if (this.frame) this.frame.src = this.frameSrc();
  }

  /** Resolves when the card frame answers a tokenization request. */
  private cardAnswer: ((ok: boolean) => void) | null = null;

  /**
   * With the card method and no token yet, asks the card frame to tokenize what the customer typed there and
   * waits for its answer (at most `timeoutMs`). Resolves to whether a token is at hand.
   */
  async requestCardToken(timeoutMs = 15000): Promise<boolean> {
    if (this.method !== 'card' || this.card) return this.method === 'card';
    const frame = this.frame?.contentWindow;
    if (!frame) return false;
    const answered = new Promise<boolean>((resolve) => {
      this.cardAnswer = resolve;
      setTimeout(() => resolve(false), timeoutMs);
    });
    frame.postMessage({ type: 'portico-card-submit' }, this.serverOrigin);
    const ok = await answered;
    this.cardAnswer = null;
    return ok;
  }

  private readonly onMessage = (event: MessageEvent) => {
    const message = readCardMessage(event, this.serverOrigin, this.frame);
    if (!message) return;
    if (message.type === 'portico-card-resize') {
      this.frame!.style.height = `${message.height + 4}px`;
      return;
    }
    this.cardAnswer?.(message.type === 'portico-card-token');
    if (message.type === 'portico-card-token') {
      this.card = message.card;
      this.cardError = '';
      this.edited('card');
      this.emitChange();
    } else {
      this.card = null;
      this.cardError = message.message;
      this.emit(new PorticoCardErrorEvent({ code: message.code, message: message.message }));
    }
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.onMessage);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
    super.disconnectedCallback();
  }

  private frameSrc(): string {
    const base = this.apiBase.replace(/\/$/, '');
    return `${base}/${encodeURIComponent(this.tenant)}/payments/sandbox/card-frame?origin=${encodeURIComponent(window.location.origin)}`;
  }

  private fields(): PorticoTextField[] {
    return [...this.renderRoot.querySelectorAll<PorticoTextField>('portico-text-field')];
  }

  private cardMessage(): string {
    return (
      this.serverError('card') ??
      (this.cardError || (this.touched && !this.card ? msg('Please enter your card details and confirm them.') : ''))
    );
  }

  protected override async syncForm(): Promise<void> {
    const data = new FormData();
    if (this.method) data.append('payment.kind', this.method);
    this.internals.setFormValue(data);
    const fields = this.fields();
    await Promise.all(fields.map((field) => field.updateComplete));
    const radio = this.renderRoot.querySelector<HTMLInputElement>('input[type="radio"]') ?? undefined;
    const invalid = fields.find((field) => !field.validity.valid);
    const methodError = this.serverError('method');
    const cardError = this.serverError('card');
    if (!this.method || methodError) {
      this.internals.setValidity({ valueMissing: true }, methodError ?? msg('Please choose a payment method.'), radio);
    } else if (invalid) {
      this.internals.setValidity({ customError: true }, invalid.validationMessage, invalid);
    } else if (this.method === 'card' && (!this.card || cardError)) {
      this.internals.setValidity(
        { customError: true },
        cardError ?? msg('Please enter your card details and confirm them.'),
        this.frame ?? radio,
      );
    } else {
      this.internals.setValidity({});
    }
  }

  override showErrors(): void {
    super.showErrors();
    for (const field of this.fields()) field.showErrors();
  }

  /** The method's problem, else every invalid field of the method (and the card's). */
  override problems(): string[] {
    if (this.validity.valid) return [];
    if (!this.method || this.serverError('method')) return [this.validationMessage];
    const fields = this.problemsOf(this.fields());
    return fields.length > 0 ? fields : [this.validationMessage];
  }

  override focusFirstInvalid(): void {
    if (!this.method || this.serverError('method')) {
      this.renderRoot.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
      return;
    }
    const invalid = this.fields().find((field) => !field.validity.valid);
    if (invalid) invalid.focus();
    else this.frame?.focus();
  }

  private pick(method: PaymentMethodKind): void {
    this.method = method;
    this.edited('method');
    this.emitChange();
  }

  private onField(key: 'holder' | 'iban' | 'bic', event: Event): void {
    this[key] = (event.currentTarget as PorticoTextField).value;
    this.edited(key);
  }

  override render() {
    const methodError =
      this.serverError('method') ?? (this.touched && !this.method ? msg('Please choose a payment method.') : '');
    return html`<fieldset aria-describedby=${methodError ? 'method-error' : nothing}>
      <legend part="section-heading">${this.legend || msg('Payment method')}</legend>
      <div class="methods">
        ${this.methods.map(
          (method) =>
            html`<label class="method">
              <input
                type="radio"
                name="payment-method"
                .value=${method}
                .checked=${this.method === method}
                ?disabled=${this.disabled}
                aria-invalid=${methodError ? 'true' : 'false'}
                @change=${() => this.pick(method)}
              />
              ${methodLabel(method)}
            </label>`,
        )}
      </div>
      <p id="method-error" class="error">${methodError}</p>
      ${this.method === 'sepa' ? this.renderSepa() : nothing}
      ${
        this.method === 'invoice'
          ? html`<p class="muted">${msg('You receive an invoice by e-mail and pay it by bank transfer.')}</p>`
          : nothing
      }
      ${this.method === 'card' ? this.renderCard() : nothing}
    </fieldset>`;
  }

  private renderSepa() {
    const lang = this.effectiveLang;
    return html`<div class="details">
      <portico-text-field
        exportparts="label, input, error"
        lang=${lang}
        label=${msg('Account holder')}
        autocomplete="name"
        required
        .value=${this.holder}
        .error=${this.serverError('holder') ?? ''}
        ?disabled=${this.disabled}
        @input=${(event: Event) => this.onField('holder', event)}
      ></portico-text-field>
      <portico-text-field
        exportparts="label, input, error"
        lang=${lang}
        label=${msg('IBAN')}
        autocomplete="off"
        required
        .maxlength=${42}
        .value=${this.iban}
        .error=${this.serverError('iban') ?? ''}
        ?disabled=${this.disabled}
        @input=${(event: Event) => this.onField('iban', event)}
      ></portico-text-field>
      <portico-text-field
        exportparts="label, input, error"
        lang=${lang}
        label=${msg('BIC')}
        hint=${msg('Found from the IBAN when left empty.')}
        autocomplete="off"
        .maxlength=${11}
        .value=${this.bic}
        .error=${this.serverError('bic') ?? ''}
        ?disabled=${this.disabled}
        @input=${(event: Event) => this.onField('bic', event)}
      ></portico-text-field>
      ${
        this.sepa
          ? html`<div class="mandate">
              <p>${this.sepa.mandateText}</p>
              <p class="muted">
                ${msg(str`Creditor: ${isolate(this.sepa.creditorName)}, creditor identifier ${this.sepa.creditorId}.`)}
                ${msg('The mandate reference follows with your confirmation e-mail.')}
              </p>
            </div>`
          : nothing
      }
    </div>`;
  }

  private renderCard() {
    const error = this.cardMessage();
    return html`<div class="details">
      <iframe
        part="card-frame"
        title=${msg('Card details')}
        src=${this.frameSrc()}
        aria-describedby=${error ? 'card-error' : nothing}
      ></iframe>
      ${
        this.card
          ? html`<p class="ready" role="status">
              ${msg(str`${cardBrandName(this.card.brand) ?? this.card.brand} ending in ${this.card.last4} is ready.`)}
            </p>`
          : nothing
      }
      <p id="card-error" class="error" role="alert">${error}</p>
    </div>`;
  }

  formResetCallback(): void {
    this.method = '';
    this.holder = this.iban = this.bic = '';
    this.card = null;
    this.errors = {};
  }

  formStateRestoreCallback(): void {
    // Payment data is never restored.
  }
}

function methodLabel(method: PaymentMethodKind): string {
  switch (method) {
    case 'sepa':
      return msg('SEPA direct debit');
    case 'invoice':
      return msg('Invoice');
    case 'card':
      return msg('Credit card');
  }
}
