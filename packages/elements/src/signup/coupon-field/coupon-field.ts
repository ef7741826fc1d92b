import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { isolate } from '../../base/bidi.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import { controlStyles } from '../../controls/controls.styles.ts';
import { FormControl } from '../../controls/form-control.ts';
import { couponFieldStyles } from './coupon-field.styles.ts';

/**
 * The coupon code field. The server checks the code: pass its verdict as `error` (the preview's
 * `couponError`) or, when the code applies, its description as `applied`. `change` fires when the customer
 * applies a code (the Apply button or Enter) or removes it.
 *
 * @csspart input - The code input.
 * @csspart apply - The Apply button.
 *
 * @internal A building block of `<portico-signup>`, which sets its properties; pages style it through the
 *   signup's parts.
 */
export class PorticoCouponField extends FormControl {
  static override styles = [hostStyles, controlStyles, couponFieldStyles];

  /** The applied code. */
  @property() value = '';
  /** The discount the applied code gives, e.g. "10 % off for 3 months". */
  @property() applied = '';

  /** What is in the input, applied or not. */
  @state() private typed: string | null = null;
  @query('input') private input!: HTMLInputElement;

  protected override syncForm(): void {
    this.internals.setFormValue(this.value || null, this.value);
    if (this.error) this.internals.setValidity({ customError: true }, this.error, this.input ?? undefined);
    else this.internals.setValidity({});
  }

  protected override get shownError(): string {
    return this.error;
  }

  /** Applies what is typed. */
  apply(): void {
    const code = (this.typed ?? this.value).trim();
    this.typed = null;
    if (code === this.value) return;
    this.value = code;
    this.applied = '';
    this.error = '';
    this.emitChange();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    this.apply();
  }

  override render() {
    const shownError = this.shownError;
    const showApplied = this.applied && !shownError && this.typed === null;
    const describedBy = shownError ? 'error' : showApplied ? 'applied' : undefined;
    return html`
      <label for="input">${msg('Coupon code')} <span class="optional">${msg('(optional)')}</span></label>
      <div class="row">
        <input
          id="input"
          part="input"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="64"
          .value=${live(this.typed ?? this.value)}
          ?disabled=${this.disabled}
          aria-invalid=${shownError ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy)}
          @input=${(event: Event) => (this.typed = (event.target as HTMLInputElement).value)}
          @keydown=${this.onKeydown}
        />
        <button type="button" part="apply" ?disabled=${this.disabled} @click=${() => this.apply()}>
          ${msg('Apply')}
        </button>
      </div>
      <p id="error" class="error" role="status">${shownError}</p>
      ${showApplied ? html`<p id="applied" class="applied">${msg(str`Coupon applied: ${isolate(this.applied)}`)}</p>` : nothing}
    `;
  }

  formResetCallback(): void {
    this.value = '';
    this.typed = null;
    this.applied = '';
    this.error = '';
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.value = state;
  }
}
