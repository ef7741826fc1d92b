import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { formatMoney, type PlanVariantSummary } from '@portico/core';
import { hostStyles } from '../../base/shared.styles.ts';
import { FormControl } from '../../controls/form-control.ts';
import { periodText } from '../format.ts';
import { sectionStyles } from '../../shared/section.styles.ts';
import { variantSwitchStyles } from './variant-switch.styles.ts';

/**
 * The sibling variants of a plan (e.g. monthly and yearly) as a radio group; arrow keys move between them.
 * Its form value is the chosen variant id; `change` fires when the customer picks another one.
 *
 * @csspart option - One variant's label.
 *
 * @internal A building block of `<portico-signup>`, which sets its properties; pages style it through the
 *   signup's parts.
 */
export class PorticoVariantSwitch extends FormControl {
  static override styles = [hostStyles, sectionStyles, variantSwitchStyles];

  @property({ attribute: false }) variants: PlanVariantSummary[] = [];
  /** The chosen variant id. */
  @property() value = '';

  private defaultValue = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.defaultValue = this.getAttribute('value') ?? '';
  }

  protected override syncForm(): void {
    this.internals.setFormValue(this.value || null, this.value);
    this.internals.setValidity({});
  }

  override focusFirstInvalid(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input:checked, input')?.focus();
  }

  private pick(id: string): void {
    this.value = id;
    this.emitChange();
  }

  override render() {
    return html`<fieldset>
      <legend part="section-heading">${msg('Billing period')}</legend>
      <div class="options">
        ${this.variants.map(
          (variant) =>
            html`<label part="option" class="option">
              <input
                type="radio"
                name="variant"
                .value=${variant.id}
                .checked=${variant.id === this.value}
                ?disabled=${this.disabled}
                @change=${() => this.pick(variant.id)}
              />
              <span>
                <strong dir="auto">${variant.variantName}</strong>
                <span class="muted"
                  >${formatMoney(variant.priceCents, variant.currency, this.effectiveLang)}
                  ${periodText(variant.billingPeriodMonths)}</span
                >
              </span>
            </label>`,
        )}
      </div>
    </fieldset>`;
  }

  formResetCallback(): void {
    this.value = this.defaultValue;
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.value = state;
  }
}
