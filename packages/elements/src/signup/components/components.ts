import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { SignupComponent } from '@portico/core';
import { hostStyles } from '../../base/shared.styles.ts';
import type { FormControl } from '../../controls/form-control.ts';
import { FormBlock } from '../../controls/form-block.ts';
import { isolate } from '../../base/bidi.ts';
import { periodPriceText } from '../format.ts';
import { sectionStyles } from '../../shared/section.styles.ts';
import { componentsStyles } from './components.styles.ts';

/**
 * The components a customer can add at signup: a quantity stepper per quantity component, a switch per
 * on/off component. Its form value holds `components.{id}` → quantity; `change` fires on every change.
 *
 * @csspart component - One component's control.
 *
 * @internal A building block of `<portico-signup>`, which sets its properties; pages style it through the
 *   signup's parts.
 */
export class PorticoSignupComponents extends FormBlock {
  static override styles = [hostStyles, sectionStyles, componentsStyles];

  @property({ attribute: false }) components: SignupComponent[] = [];
  /** Quantity per component id (on/off: 0 or 1); components without an entry use their default quantity. */
  @property({ attribute: false }) quantities: Record<string, number> = {};
  // `errors` (FormBlock): the server's errors per component id.
  @property() currency = 'EUR';
  /** The chosen variant's billing period: a component's price is due once per period. */
  @property({ type: Number, attribute: 'billing-period-months' }) billingPeriodMonths = 1;

  /** The chosen quantity of every component. */
  get value(): Record<string, number> {
    return Object.fromEntries(this.components.map((c) => [c.id, this.quantities[c.id] ?? c.defaultQuantity]));
  }

  private controls(): Array<FormControl & { dataset: DOMStringMap }> {
    return [...this.renderRoot.querySelectorAll<FormControl>('[data-component]')];
  }

  protected override async syncForm(): Promise<void> {
    const data = new FormData();
    for (const [id, quantity] of Object.entries(this.value)) data.append(`components.${id}`, String(quantity));
    this.internals.setFormValue(data);
    const controls = this.controls();
    await Promise.all(controls.map((control) => control.updateComplete));
    const invalid = controls.find((control) => !control.validity.valid);
    if (invalid) this.internals.setValidity({ customError: true }, invalid.validationMessage, invalid);
    else this.internals.setValidity({});
  }

  override showErrors(): void {
    super.showErrors();
    for (const control of this.controls()) control.showErrors();
  }

  override problems(): string[] {
    return this.problemsOf(this.controls());
  }

  override focusFirstInvalid(): void {
    (this.controls().find((control) => !control.validity.valid) ?? this.controls()[0])?.focus();
  }

  private onChange(component: SignupComponent, event: Event): void {
    event.stopPropagation();
    const control = event.currentTarget as HTMLElement & { value?: unknown; checked?: boolean };
    const quantity = component.kind === 'on_off' ? (control.checked ? 1 : 0) : Number(control.value);
    this.quantities = { ...this.quantities, [component.id]: quantity };
    this.edited(component.id);
    this.emitChange();
  }

  override render() {
    const lang = this.effectiveLang;
    return html`<fieldset>
      <legend part="section-heading">${msg('Options')}</legend>
      ${this.components.map((component) => {
        const quantity = this.quantities[component.id] ?? component.defaultQuantity;
        const hint = [
          isolate(component.description),
          periodPriceText(component, this.currency, lang, this.billingPeriodMonths),
        ]
          .filter(Boolean)
          .join(' · ');
        return component.kind === 'on_off'
          ? html`<portico-toggle
              part="component"
              exportparts="input, decrement, increment"
              data-component=${component.id}
              name=${`components.${component.id}`}
              label=${component.name}
              hint=${hint}
              lang=${lang}
              .checked=${quantity > 0}
              .error=${this.serverError(component.id) ?? ''}
              ?disabled=${this.disabled}
              @change=${(event: Event) => this.onChange(component, event)}
            ></portico-toggle>`
          : html`<portico-quantity-stepper
              part="component"
              exportparts="input, decrement, increment"
              data-component=${component.id}
              name=${`components.${component.id}`}
              label=${component.name}
              hint=${hint}
              lang=${lang}
              .value=${quantity}
              .min=${component.minQuantity}
              .max=${component.maxQuantity}
              .error=${this.serverError(component.id) ?? ''}
              ?disabled=${this.disabled}
              @change=${(event: Event) => this.onChange(component, event)}
              @input=${() => void this.syncForm()}
            ></portico-quantity-stepper>`;
      })}
    </fieldset>`;
  }

  formResetCallback(): void {
    this.quantities = {};
    this.errors = {};
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (!(state instanceof FormData)) return;
    const quantities: Record<string, number> = {};
    for (const [key, value] of state) {
      if (key.startsWith('components.') && typeof value === 'string') quantities[key.slice(11)] = Number(value);
    }
    this.quantities = quantities;
  }
}
