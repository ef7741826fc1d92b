import { html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { hostStyles } from '../../base/shared.styles.ts';
import { controlStyles } from '../controls.styles.ts';
import { FormControl } from '../form-control.ts';
import { toggleStyles } from './toggle.styles.ts';

/**
 * An on/off switch (a native checkbox with `role="switch"`), toggled by click or the space key. Submits
 * `value` when on and nothing when off.
 *
 * @fires input - The customer toggled it (the inner checkbox's native event).
 * @fires change - The customer toggled it.
 * @csspart input - The native checkbox.
 * @cssprop --portico-color-text - Text.
 * @cssprop --portico-color-text-muted - The hint.
 * @cssprop --portico-color-surface - The background of the element and of the switch while off.
 * @cssprop --portico-color-border - The switch's border, and its knob while off.
 * @cssprop --portico-color-primary - The switch while on.
 * @cssprop --portico-color-on-primary - The knob while on.
 * @cssprop --portico-color-danger - The error text.
 * @cssprop --portico-font-family - The font.
 * @cssprop --portico-font-size-m - Text size.
 * @cssprop --portico-font-size-s - Size of the hint and the error text.
 * @cssprop --portico-line-height - Line height.
 * @cssprop --portico-space-s - Space between the switch, its label and the texts.
 * @cssprop --portico-radius-m - Read by the control styles it shares with the other controls; the switch itself
 *   is always round.
 * @cssprop --portico-focus-ring - The keyboard focus outline (a `border`-style shorthand).
 * @cssprop --portico-focus-offset - Distance of the focus outline from the switch.
 */
export class PorticoToggle extends FormControl {
  static override styles = [hostStyles, controlStyles, toggleStyles];

  /** The label beside the switch. */
  @property() label = '';
  /** A short help text under it. */
  @property() hint = '';
  /** Whether it is on; its attribute is the state a form reset returns to. */
  @property({ type: Boolean, reflect: true }) checked = false;
  /** What is submitted while on. */
  @property() value = 'on';

  @query('input') private input!: HTMLInputElement;
  private defaultChecked = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.defaultChecked = this.hasAttribute('checked');
  }

  protected override syncForm(): void {
    this.internals.setFormValue(this.checked ? this.value : null, this.checked ? 'on' : 'off');
    if (this.error) this.internals.setValidity({ customError: true }, this.error, this.input ?? undefined);
    else this.internals.setValidity({});
  }

  private onChange(event: Event): void {
    this.checked = (event.target as HTMLInputElement).checked;
    this.error = '';
    this.emitChange();
  }

  override render() {
    const shownError = this.shownError;
    const describedBy = [this.hint ? 'hint' : '', shownError ? 'error' : ''].filter(Boolean).join(' ');
    return html`
      <div class="row">
        <input
          id="input"
          part="input"
          type="checkbox"
          role="switch"
          .checked=${live(this.checked)}
          ?disabled=${this.disabled}
          aria-invalid=${shownError ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy || undefined)}
          @change=${this.onChange}
        />
        <label for="input" dir="auto">${this.label}</label>
      </div>
      ${this.hint ? html`<p id="hint" class="hint">${this.hint}</p>` : nothing}
      <p id="error" class="error">${shownError}</p>
    `;
  }

  formResetCallback(): void {
    this.checked = this.defaultChecked;
    this.error = '';
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    this.checked = state === 'on';
  }
}
