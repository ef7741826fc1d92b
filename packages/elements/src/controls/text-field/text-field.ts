import { html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { hostStyles } from '../../base/shared.styles.ts';
import { controlStyles } from '../controls.styles.ts';
import { FormControl, validityFlags } from '../form-control.ts';
import { textFieldStyles } from './text-field.styles.ts';
import { plural } from '../../i18n/plural.ts';

export interface FieldOption {
  value: string;
  label: string;
}

/**
 * A labelled text input (or, with `options`, a select) that takes part in forms. Label, input and error text
 * share one shadow root, so the label, autofill and `aria-describedby` work. Its form value is `value`.
 *
 * @fires input - While the customer types or chooses (the inner input's native event).
 * @fires change - The customer changed the value: left the input after typing, or chose an option.
 * @csspart label - The label.
 * @csspart input - The native input or select.
 * @csspart error - The error text.
 * @cssprop --portico-color-text - Text.
 * @cssprop --portico-color-text-muted - The hint and "(optional)".
 * @cssprop --portico-color-surface - The background of the element and its input.
 * @cssprop --portico-color-border - The input's border.
 * @cssprop --portico-color-danger - The error text and the border of an invalid input.
 * @cssprop --portico-font-family - The font.
 * @cssprop --portico-font-size-m - Text size.
 * @cssprop --portico-font-size-s - Size of the hint and the error text.
 * @cssprop --portico-line-height - Line height.
 * @cssprop --portico-radius-m - Corners of the input.
 * @cssprop --portico-space-s - Space inside the input and between label, input and texts.
 * @cssprop --portico-focus-ring - The keyboard focus outline (a `border`-style shorthand).
 * @cssprop --portico-focus-offset - Distance of the focus outline from the input.
 */
export class PorticoTextField extends FormControl {
  static override styles = [hostStyles, controlStyles, textFieldStyles];

  /** The label; an optional field says "(optional)" after it. */
  @property() label = '';
  /** The text, or the chosen option's value; its attribute is the value a form reset returns to. */
  @property() value = '';
  /** `text`, `email` or `tel`. */
  @property() type: 'text' | 'email' | 'tel' = 'text';
  /** The `autocomplete` token, e.g. `email`, `given-name`, `postal-code`. */
  @property() autocomplete = '';
  /** The field must not be empty. */
  @property({ type: Boolean, reflect: true }) required = false;
  /** A short help text under the label. */
  @property() hint = '';
  /** The most characters the input takes. */
  @property({ type: Number }) maxlength = 200;
  /** The input's `inputmode` (which on-screen keyboard to offer), e.g. `numeric`, `email`. */
  @property() inputmode = '';
  /** Makes the field a select with these options. */
  @property({ attribute: false }) options: FieldOption[] | null = null;
  /** What an empty required field says instead of "Please fill in …" (e.g. "Please choose a country."). */
  @property({ attribute: false }) missingMessage = '';
  /** A check of the page's own (e.g. a postal code for the chosen country): a message makes a filled field invalid. */
  @property({ attribute: false }) invalidMessage = '';

  @query('#input') private input!: HTMLInputElement | HTMLSelectElement;

  private defaultValue = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.defaultValue = this.getAttribute('value') ?? '';
  }

  protected override syncForm(): void {
    const input = this.input;
    this.internals.setFormValue(this.value, this.value);
    if (!input) return;
    if (this.error) {
      this.internals.setValidity({ customError: true }, this.error, input);
    } else if (!input.validity.valid) {
      this.internals.setValidity(validityFlags(input.validity), this.messageFor(input.validity), input);
    } else if (this.invalidMessage && this.value) {
      this.internals.setValidity({ patternMismatch: true }, this.invalidMessage, input);
    } else {
      this.internals.setValidity({});
    }
  }

  private messageFor(validity: ValidityState): string {
    if (validity.valueMissing) {
      if (this.missingMessage) return this.missingMessage;
      return this.options ? msg(str`Please choose ${this.label}.`) : msg(str`Please fill in ${this.label}.`);
    }
    if (validity.typeMismatch && this.type === 'email')
      return msg('Please enter an e-mail address like name@example.com.');
    if (validity.tooLong) return maxLengthText(this.maxlength);
    return msg(str`Please check ${this.label}.`);
  }

  private onInput(event: Event): void {
    this.value = (event.target as HTMLInputElement).value;
    this.error = '';
    if (this.options) this.emitChange();
  }

  private onChange(): void {
    if (!this.options) this.emitChange();
  }

  override render() {
    const shownError = this.shownError;
    const describedBy = [this.hint ? 'hint' : '', shownError ? 'error' : ''].filter(Boolean).join(' ');
    const common = {
      invalid: shownError ? 'true' : 'false',
      describedBy: describedBy || undefined,
      autocomplete: this.autocomplete || undefined,
    };
    return html`
      <label for="input" part="label"
        >${this.label}${this.required ? nothing : html` <span class="optional">${msg('(optional)')}</span>`}</label
      >
      ${this.hint ? html`<p id="hint" class="hint">${this.hint}</p>` : nothing}
      ${
        this.options
          ? html`<select
              id="input"
              part="input"
              .value=${live(this.value)}
              ?required=${this.required}
              ?disabled=${this.disabled}
              autocomplete=${ifDefined(common.autocomplete)}
              aria-invalid=${common.invalid}
              aria-describedby=${ifDefined(common.describedBy)}
              @input=${this.onInput}
              @blur=${() => (this.touched = true)}
            >
              <option value="" ?selected=${this.value === ''}>${msg('Please choose')}</option>
              ${this.options.map(
                (option) =>
                  html`<option value=${option.value} ?selected=${option.value === this.value}>${option.label}</option>`,
              )}
            </select>`
          : html`<input
              id="input"
              part="input"
              type=${this.type}
              .value=${live(this.value)}
              ?required=${this.required}
              ?disabled=${this.disabled}
              maxlength=${this.maxlength}
              autocomplete=${ifDefined(common.autocomplete)}
              inputmode=${ifDefined(this.inputmode || undefined)}
              aria-invalid=${common.invalid}
              aria-describedby=${ifDefined(common.describedBy)}
              @input=${this.onInput}
              @change=${this.onChange}
              @blur=${() => (this.touched = true)}
            />`
      }
      <p id="error" part="error" class="error">${shownError}</p>
    `;
  }

  formResetCallback(): void {
    this.value = this.defaultValue;
    this.error = '';
    this.touched = false;
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.value = state;
  }
}

/** "Please use at most 100 characters." */
function maxLengthText(max: number): string {
  return plural(max, {
    zero: () => msg(str`Please use at most ${max} characters.`, { id: 'maxLength.zero' }),
    one: () => msg(str`Please use at most ${max} character.`, { id: 'maxLength.one' }),
    two: () => msg(str`Please use at most ${max} characters.`, { id: 'maxLength.two' }),
    few: () => msg(str`Please use at most ${max} characters.`, { id: 'maxLength.few' }),
    many: () => msg(str`Please use at most ${max} characters.`, { id: 'maxLength.many' }),
    other: () => msg(str`Please use at most ${max} characters.`, { id: 'maxLength.other' }),
  });
}
