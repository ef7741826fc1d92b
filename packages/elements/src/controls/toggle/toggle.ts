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
 * @csspart input - The native checkbox.
 */
export class PorticoToggle extends FormControl {
  static override styles = [hostStyles, controlStyles, toggleStyles];

  @property() label = '';
  @property() hint = '';
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
