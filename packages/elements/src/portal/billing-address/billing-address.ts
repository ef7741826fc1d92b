import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { BillingAddressField, BillingAddressView, CustomerField } from '@portico/core';
import { ApiError } from '../../base/api.ts';
import type { PorticoCustomerFields } from '../../shared/customer-fields/customer-fields.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import { PortalSection, type Load } from '../section.ts';
import { sectionStyles } from '../section.styles.ts';
import { billingAddressStyles } from './billing-address.styles.ts';
import { countryName } from '../../shared/customer-fields/countries.ts';

type Address = BillingAddressView['address'];

/** The order and labels of the address fields (the same fields as the signup form). */
const ORDER: BillingAddressField[] = [
  'company',
  'firstName',
  'lastName',
  'street',
  'houseNumber',
  'postalCode',
  'city',
  'country',
  'email',
  'phone',
  'vatId',
];

function fieldLabel(field: BillingAddressField): string {
  switch (field) {
    case 'email':
      return msg('E-mail');
    case 'company':
      return msg('Company');
    case 'firstName':
      return msg('First name');
    case 'lastName':
      return msg('Last name');
    case 'street':
      return msg('Street');
    case 'houseNumber':
      return msg('House number');
    case 'postalCode':
      return msg('Postal code');
    case 'city':
      return msg('City');
    case 'country':
      return msg('Country');
    case 'phone':
      return msg('Phone');
    case 'vatId':
      return msg('VAT ID');
  }
}

/** Server field keys may carry a prefix (`address.street`); the form knows the bare field names. */
function fieldErrors(fields: Record<string, string>): Partial<Record<CustomerField, string>> {
  const errors: Partial<Record<CustomerField, string>> = {};
  for (const [key, message] of Object.entries(fields)) {
    errors[key.replace(/^(address|customer)\./, '') as CustomerField] = message;
  }
  return errors;
}

/**
 * The billing address: shown as a list, edited with the signup page's customer fields (each field mandatory or
 * optional as the tenant configured). A change applies to future invoices. When someone else saved the address
 * meanwhile, the server refuses (409) and the section shows the current values beside the customer's entries.
 *
 * @internal A section of `<portico-portal>`, which hands it the client and session; pages style it through the
 *   portal's parts.
 */
export class PorticoPortalBillingAddress extends PortalSection {
  static override styles = [hostStyles, sectionStyles, billingAddressStyles];

  @state() private load: Load<BillingAddressView> = { status: 'loading' };
  @state() private editing = false;
  @state() private draft: Address = {};
  @state() private errors: Partial<Record<CustomerField, string>> = {};
  @state() private saving = false;
  @state() private message = '';
  /** The alert, worded when rendered so that it follows a language switch. */
  @state() private alert: () => string = () => '';
  /** The values someone else saved while the customer was editing. */
  @state() private conflict: Address | null = null;

  @query('portico-customer-fields') private fieldsEl!: PorticoCustomerFields | null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('client')) void this.loadInto<BillingAddressView>('/billing-address', (load) => (this.load = load));
  }

  private get view(): BillingAddressView | null {
    return this.load.status === 'ready' ? this.load.data : null;
  }

  /** Shows the address a save answered with (or the one someone else saved meanwhile). */
  private set view(data: BillingAddressView) {
    this.load = { status: 'ready', data };
    this.dataSaved();
  }

  private fields(view: BillingAddressView): BillingAddressField[] {
    return ORDER.filter((field) => view.requirements[field]);
  }

  private async edit(): Promise<void> {
    if (!this.view) return;
    this.draft = { ...this.view.address };
    this.errors = {};
    this.conflict = null;
    this.message = '';
    this.alert = () => '';
    this.editing = true;
    await this.updateComplete;
    this.fieldsEl?.focusFirstInvalid();
  }

  /** Keeps the customer's entries, so a re-render (e.g. while saving or after a refusal) never resets them. */
  private onDraft(): void {
    if (this.fieldsEl) this.draft = this.fieldsEl.value;
  }

  private async cancelEdit(): Promise<void> {
    this.editing = false;
    this.conflict = null;
    this.alert = () => '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button.edit')?.focus();
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const view = this.view;
    const fieldsEl = this.fieldsEl;
    if (!this.client || !view || !fieldsEl) return;
    this.message = '';
    this.alert = () => '';
    await fieldsEl.updateComplete;
    if (!fieldsEl.checkValidity()) {
      fieldsEl.showErrors();
      fieldsEl.focusFirstInvalid();
      return;
    }
    const address: Address = {};
    for (const field of this.fields(view)) address[field] = (fieldsEl.value[field] ?? '').trim();
    this.saving = true;
    try {
      this.view = await this.client.send<BillingAddressView>('PUT', '/billing-address', {
        address,
        version: view.version,
      });
      this.editing = false;
      this.conflict = null;
      this.message = msg('The billing address is saved. It applies to your future invoices.');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('button.edit')?.focus();
    } catch (error) {
      await this.refused(error);
    } finally {
      this.saving = false;
    }
  }

  private async refused(error: unknown): Promise<void> {
    if (error instanceof ApiError && error.status === 409 && error.code === 'version_conflict') {
      try {
        const current = await this.client!.get<BillingAddressView>('/billing-address');
        this.view = current;
        this.conflict = current.address;
      } catch (reload) {
        this.alert = () => this.errorMessage(reload) ?? '';
        return;
      }
      this.alert = () =>
        msg(
          'Someone else changed the billing address in the meantime. Their values are shown below; check your entries and save again to replace them.',
        );
      return;
    }
    if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length > 0) {
      this.errors = fieldErrors(error.fields);
      this.alert = () => msg('Please check the marked fields.');
      await this.updateComplete;
      this.fieldsEl?.showErrors();
      this.fieldsEl?.focusFirstInvalid();
      return;
    }
    this.alert = () => this.errorMessage(error) ?? '';
  }

  override render() {
    return html`<h2 part="section-heading" tabindex="-1">${msg('Billing address')}</h2>
      ${this.renderBody()}
      <p role="status" class="message">${this.message}</p>
      <p role="alert" class="alert">${this.alert()}</p>`;
  }

  private renderBody() {
    const load = this.load;
    if (load.status === 'loading') return html`<p role="status">${msg('Loading the billing address…')}</p>`;
    if (load.status === 'error') return html`<p role="alert">${load.message}</p>`;
    const view = load.data;
    if (!this.editing) {
      return html`${this.renderAddress(view.address, view)}
        <div class="actions">
          <button type="button" class="edit" @click=${this.edit}>${msg('Change billing address')}</button>
        </div>`;
    }
    return html`${
        this.conflict
          ? html`<section class="conflict" aria-labelledby="conflict-heading">
              <h3 id="conflict-heading">${msg('Saved by someone else')}</h3>
              ${this.renderAddress(this.conflict, view)}
            </section>`
          : nothing
      }
      <form novalidate @submit=${this.save}>
        <portico-customer-fields
          lang=${this.effectiveLang}
          .fields=${view.requirements}
          .value=${this.draft}
          @input=${this.onDraft}
          @change=${this.onDraft}
          .errors=${this.errors}
          ?disabled=${this.saving}
        ></portico-customer-fields>
        <p class="muted">${msg('The new address applies to your future invoices.')}</p>
        <div class="actions">
          <button type="submit" part="primary-button" class="primary save" ?disabled=${this.saving}>
            ${this.saving ? msg('Saving…') : msg('Save billing address')}
          </button>
          <button type="button" class="cancel" ?disabled=${this.saving} @click=${this.cancelEdit}>
            ${msg('Cancel')}
          </button>
        </div>
      </form>`;
  }

  /** A field as the address shows it: the country by its name in the page's language, not its code. */
  private shown(address: Address, field: BillingAddressField): string {
    const value = address[field];
    if (!value) return '–';
    return field === 'country' ? countryName(value, this.effectiveLang) : value;
  }

  private renderAddress(address: Address, view: BillingAddressView) {
    return html`<dl>
      ${this.fields(view).map(
        (field) =>
          html`<dt>${fieldLabel(field)}</dt>
            <dd data-field=${field}>${this.shown(address, field)}</dd>`,
      )}
    </dl>`;
  }
}
