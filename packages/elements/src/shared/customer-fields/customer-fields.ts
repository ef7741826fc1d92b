import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '@lit/localize';
import type { CustomerField, CustomerInput, FieldRequirement } from '@portico/core';
import { hostStyles } from '../../base/shared.styles.ts';
import { FormBlock } from '../../controls/form-block.ts';
import type { PorticoTextField } from '../../controls/text-field/text-field.ts';
import { sectionStyles } from '../section.styles.ts';
import { countryOptions } from './countries.ts';
import { customerFieldsStyles } from './customer-fields.styles.ts';

interface FieldSpec {
  name: CustomerField;
  label: () => string;
  autocomplete?: string;
  type?: 'email' | 'tel';
  /** Half-width in the two-column layout. */
  half?: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'email', label: () => msg('E-mail'), autocomplete: 'email', type: 'email' },
  { name: 'company', label: () => msg('Company'), autocomplete: 'organization' },
  { name: 'firstName', label: () => msg('First name'), autocomplete: 'given-name', half: true },
  { name: 'lastName', label: () => msg('Last name'), autocomplete: 'family-name', half: true },
  { name: 'street', label: () => msg('Street'), autocomplete: 'address-line1', half: true },
  // There is no autocomplete token for a house number alone.
  { name: 'houseNumber', label: () => msg('House number'), half: true },
  { name: 'postalCode', label: () => msg('Postal code'), autocomplete: 'postal-code', half: true },
  { name: 'city', label: () => msg('City'), autocomplete: 'address-level2', half: true },
  { name: 'country', label: () => msg('Country'), autocomplete: 'country' },
  { name: 'phone', label: () => msg('Phone'), autocomplete: 'tel', type: 'tel' },
  { name: 'vatId', label: () => msg('VAT ID') },
];

/**
 * The customer's details; each field mandatory, optional or hidden as the merchant configured. Its form
 * value holds `customer.{field}` entries; `change` fires after each edited field, `input` while typing.
 *
 * @csspart field - One field.
 *
 * @internal A building block of `<portico-signup>` and the portal's forms, which set its properties; pages style
 *   it through their parts.
 */
export class PorticoCustomerFields extends FormBlock<CustomerField> {
  static override styles = [hostStyles, sectionStyles, customerFieldsStyles];

  @property({ attribute: false }) fields: Partial<Record<CustomerField, FieldRequirement>> = {};
  @property({ attribute: false }) value: CustomerInput = {};
  // `errors` (FormBlock): the server's errors per field name, without the `customer.` prefix.

  /** The postal-code rule of `postcode-validator` (the server's too), loaded lazily to keep it out of the bundle. */
  @state() private postalRule: ((postalCode: string, country: string) => boolean) | null = null;
  private postalRuleRequested = false;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (this.postalRuleRequested || (this.fields.postalCode ?? 'hidden') === 'hidden') return;
    this.postalRuleRequested = true;
    void import('postcode-validator').then(({ postcodeValidator, postcodeValidatorExistsForCountry }) => {
      this.postalRule = (postalCode, country) =>
        !postcodeValidatorExistsForCountry(country) || postcodeValidator(postalCode, country);
    });
  }

  /** The form's comfort check of the postal code against the chosen country; the server's check decides. */
  private postalCodeMessage(): string {
    const postalCode = this.value.postalCode?.trim();
    const country = this.value.country;
    if (!this.postalRule || !postalCode || !country || this.postalRule(postalCode, country)) return '';
    return msg('Please enter a postal code of the chosen country.');
  }

  private visible(): FieldSpec[] {
    return FIELDS.filter((field) => (this.fields[field.name] ?? 'hidden') !== 'hidden');
  }

  private controls(): PorticoTextField[] {
    return [...this.renderRoot.querySelectorAll<PorticoTextField>('portico-text-field')];
  }

  protected override async syncForm(): Promise<void> {
    const data = new FormData();
    for (const field of this.visible()) {
      const value = this.value[field.name];
      if (value) data.append(`customer.${field.name}`, value);
    }
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

  private onInput(name: CustomerField, event: Event): void {
    const value = (event.currentTarget as PorticoTextField).value;
    this.value = { ...this.value, [name]: value };
    this.edited(name);
  }

  private onChange(name: CustomerField, event: Event): void {
    event.stopPropagation();
    this.onInput(name, event);
    this.emitChange();
  }

  override render() {
    const lang = this.effectiveLang;
    return html`<fieldset>
      <legend part="section-heading">${msg('Your details')}</legend>
      <div class="grid">
        ${this.visible().map(
          (field) =>
            html`<portico-text-field
              part="field"
              exportparts="label, input, error"
              class=${field.half ? 'half' : 'full'}
              name=${`customer.${field.name}`}
              lang=${lang}
              label=${field.label()}
              type=${field.type ?? 'text'}
              autocomplete=${ifDefined(field.autocomplete)}
              .options=${field.name === 'country' ? countryOptions(lang) : null}
              .missingMessage=${field.name === 'country' ? msg('Please choose a country.') : ''}
              .invalidMessage=${field.name === 'postalCode' ? this.postalCodeMessage() : ''}
              .value=${this.value[field.name] ?? ''}
              .error=${this.serverError(field.name) ?? ''}
              ?required=${this.fields[field.name] === 'mandatory'}
              ?disabled=${this.disabled}
              @input=${(event: Event) => this.onInput(field.name, event)}
              @change=${(event: Event) => this.onChange(field.name, event)}
            ></portico-text-field>`,
        )}
      </div>
    </fieldset>`;
  }

  formResetCallback(): void {
    this.value = {};
    this.errors = {};
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (!(state instanceof FormData)) return;
    const value: CustomerInput = {};
    for (const [key, entry] of state) {
      if (key.startsWith('customer.') && typeof entry === 'string') value[key.slice(9) as CustomerField] = entry;
    }
    this.value = value;
  }
}
