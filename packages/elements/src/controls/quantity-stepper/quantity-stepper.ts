import { html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { hostStyles } from '../../base/shared.styles.ts';
import { controlStyles } from '../controls.styles.ts';
import { FormControl } from '../form-control.ts';
import { quantityStepperStyles } from './quantity-stepper.styles.ts';

/**
 * A whole-number quantity between `min` and `max`, typed or changed with the − and + buttons (or the arrow
 * keys in the input). Takes part in forms (its form value is `value`); out-of-range values make it invalid.
 *
 * @fires input - While the customer types in the input (the inner input's native event).
 * @fires change - The quantity changed: typed as a whole number, or by a button.
 * @csspart input - The number input.
 * @csspart decrement - The − button.
 * @csspart increment - The + button.
 * @cssprop --portico-color-text - Text.
 * @cssprop --portico-color-text-muted - The hint.
 * @cssprop --portico-color-surface - The background of the element and its input.
 * @cssprop --portico-color-border - The input's border.
 * @cssprop --portico-color-danger - The error text and the border of an invalid input.
 * @cssprop --portico-font-family - The font.
 * @cssprop --portico-font-size-m - Text size.
 * @cssprop --portico-font-size-s - Size of the hint and the error text.
 * @cssprop --portico-line-height - Line height.
 * @cssprop --portico-radius-m - Corners of the input.
 * @cssprop --portico-space-s - Space inside the input and between the buttons, the input and the texts.
 * @cssprop --portico-focus-ring - The keyboard focus outline (a `border`-style shorthand).
 * @cssprop --portico-focus-offset - Distance of the focus outline from the input.
 */
export class PorticoQuantityStepper extends FormControl {
  static override styles = [hostStyles, controlStyles, quantityStepperStyles];

  /** The label, also in the buttons' names ("Fewer: …", "More: …"). */
  @property() label = '';
  /** Extra text read with the input, e.g. the price per unit. */
  @property() hint = '';
  /** The quantity; its attribute is the quantity a form reset returns to. */
  @property({ type: Number }) value = 0;
  /** The least quantity. */
  @property({ type: Number }) min = 0;
  /** No upper limit when null. */
  @property({ type: Number }) max: number | null = null;

  @query('input') private input!: HTMLInputElement;

  /** What the customer typed, while it is not a whole number. */
  private raw: string | null = null;
  private defaultValue = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.defaultValue = Number(this.getAttribute('value') ?? this.min) || 0;
  }

  protected override syncForm(): void {
    this.internals.setFormValue(String(this.value), String(this.value));
    const anchor = this.input ?? undefined;
    if (this.error) this.internals.setValidity({ customError: true }, this.error, anchor);
    else if (this.raw !== null)
      this.internals.setValidity({ badInput: true }, msg('Please enter a whole number.'), anchor);
    else if (this.value < this.min)
      this.internals.setValidity({ rangeUnderflow: true }, msg(str`Please choose at least ${this.min}.`), anchor);
    else if (this.max !== null && this.value > this.max)
      this.internals.setValidity({ rangeOverflow: true }, msg(str`Please choose at most ${this.max}.`), anchor);
    else this.internals.setValidity({});
  }

  private setValue(value: number): void {
    this.raw = null;
    this.error = '';
    this.value = value;
    this.touched = true;
    this.emitChange();
  }

  private step(delta: number): void {
    const next = this.value + delta;
    const clamped = Math.max(this.min, this.max === null ? next : Math.min(this.max, next));
    this.setValue(clamped);
  }

  private onInput(event: Event): void {
    const text = (event.target as HTMLInputElement).value.trim();
    if (/^\d+$/.test(text)) {
      this.setValue(Number(text));
    } else {
      this.raw = text;
      this.error = '';
      this.touched = true;
      this.requestUpdate();
    }
  }

  override render() {
    const shownError = this.shownError;
    const describedBy = [this.hint ? 'hint' : '', shownError ? 'error' : ''].filter(Boolean).join(' ');
    return html`
      <label for="input" dir="auto">${this.label}</label>
      ${this.hint ? html`<p id="hint" class="hint">${this.hint}</p>` : nothing}
      <div class="row">
        <button
          type="button"
          part="decrement"
          aria-label=${msg(str`Fewer: ${this.label}`)}
          ?disabled=${this.disabled || this.value <= this.min}
          @click=${() => this.step(-1)}
        >
          −
        </button>
        <input
          id="input"
          part="input"
          type="number"
          inputmode="numeric"
          step="1"
          min=${this.min}
          max=${ifDefined(this.max ?? undefined)}
          .value=${live(this.raw ?? String(this.value))}
          ?disabled=${this.disabled}
          aria-invalid=${shownError ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy || undefined)}
          @input=${this.onInput}
          @blur=${() => (this.touched = true)}
        />
        <button
          type="button"
          part="increment"
          aria-label=${msg(str`More: ${this.label}`)}
          ?disabled=${this.disabled || (this.max !== null && this.value >= this.max)}
          @click=${() => this.step(1)}
        >
          +
        </button>
      </div>
      <p id="error" class="error">${shownError}</p>
    `;
  }

  formResetCallback(): void {
    this.raw = null;
    this.value = this.defaultValue;
    this.error = '';
    this.touched = false;
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string' && /^\d+$/.test(state)) this.value = Number(state);
  }
}
