import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CustomerField, FieldRequirement } from '@portico/core';
import './portico-customer-fields.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { deepActiveElement, formEntries } from '../../testing/dom.ts';
import type { PorticoCustomerFields } from './customer-fields.ts';
import type { PorticoTextField } from '../../controls/text-field/text-field.ts';

const fields: Record<CustomerField, FieldRequirement> = {
  email: 'mandatory',
  company: 'optional',
  firstName: 'mandatory',
  lastName: 'mandatory',
  street: 'mandatory',
  houseNumber: 'mandatory',
  postalCode: 'mandatory',
  city: 'mandatory',
  country: 'mandatory',
  phone: 'optional',
  vatId: 'hidden',
};

const input = (el: PorticoCustomerFields, name: string) => {
  const field = el.shadowRoot!.querySelector(`portico-text-field[name="customer.${name}"]`);
  return field?.shadowRoot!.querySelector<HTMLInputElement | HTMLSelectElement>('#input') ?? null;
};

describe('<portico-customer-fields>', () => {
  before(() => useTheme('light'));

  it('shows the configured fields with their autocomplete tokens, accessibly', async () => {
    const el = await fixture<PorticoCustomerFields>(
      html`<portico-customer-fields lang="en" .fields=${fields}></portico-customer-fields>`,
    );
    await expect(el).to.be.accessible();
    const tokens: Record<string, string | null> = {};
    for (const name of Object.keys(fields)) tokens[name] = input(el, name)?.getAttribute('autocomplete') ?? null;
    expect(tokens).to.deep.equal({
      email: 'email',
      company: 'organization',
      firstName: 'given-name',
      lastName: 'family-name',
      street: 'address-line1',
      houseNumber: null,
      postalCode: 'postal-code',
      city: 'address-level2',
      country: 'country',
      phone: 'tel',
      vatId: null,
    });
    expect(input(el, 'vatId')).to.equal(null, 'hidden fields are not shown');
    expect(input(el, 'email')!.required).to.equal(true);
    expect(input(el, 'company')!.required).to.equal(false);
    expect(input(el, 'country')!.tagName).to.equal('SELECT');
    expect(input(el, 'company')!.labels?.[0]?.textContent).to.contain('(optional)');
  });

  it('collects typed values into value and the form value, and fires change per field', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <portico-customer-fields .fields=${fields} .value=${{ email: 'ada@example.com' }}></portico-customer-fields>
      </form>`,
    );
    const el = form.querySelector('portico-customer-fields')!;
    expect(input(el, 'email')!.value).to.equal('ada@example.com');
    input(el, 'firstName')!.focus();
    await sendKeys({ type: 'Ada' });
    expect(el.value.firstName).to.equal('Ada');
    const changed = oneEvent(el, 'change');
    await sendKeys({ press: 'Tab' });
    await changed;
    expect(deepActiveElement()).to.equal(input(el, 'lastName'));
    await el.validate();
    expect(formEntries(form)).to.deep.equal({ 'customer.email': 'ada@example.com', 'customer.firstName': 'Ada' });
  });

  it('is invalid while mandatory fields are empty and focuses the first of them', async () => {
    const el = await fixture<PorticoCustomerFields>(
      html`<portico-customer-fields
        .fields=${fields}
        .value=${{ email: 'ada@example.com' }}
      ></portico-customer-fields>`,
    );
    el.showErrors();
    expect(await el.validate()).to.equal(false);
    expect(el.validationMessage).to.equal('Please fill in First name.');
    el.focusFirstInvalid();
    expect(deepActiveElement()).to.equal(input(el, 'firstName'));
    expect(input(el, 'firstName')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('shows server errors on their fields until edited', async () => {
    const el = await fixture<PorticoCustomerFields>(
      html`<portico-customer-fields
        .fields=${{ ...fields, vatId: 'optional' }}
        .value=${{ vatId: 'XX1' }}
        .errors=${{ vatId: 'This VAT ID is not valid.' }}
      ></portico-customer-fields>`,
    );
    const vat = input(el, 'vatId')!;
    await el.validate();
    expect(vat.getAttribute('aria-invalid')).to.equal('true');
    const field = el.shadowRoot!.querySelector<PorticoTextField>('portico-text-field[name="customer.vatId"]')!;
    expect(field.shadowRoot!.getElementById(vat.getAttribute('aria-describedby')!)!.textContent).to.contain(
      'This VAT ID is not valid.',
    );
    vat.focus();
    await sendKeys({ type: '2' });
    await el.validate();
    expect(vat.getAttribute('aria-invalid')).to.equal('false');
    expect(field.validity.valid).to.equal(true);
    // The page hands the same (now stale) errors down again when it re-renders: the edited field stays clear.
    const stale = el.errors;
    el.errors = stale;
    el.requestUpdate();
    await el.validate();
    expect(vat.getAttribute('aria-invalid')).to.equal('false');
    expect(field.validity.valid).to.equal(true);
    // The server's next answer applies again.
    el.errors = { vatId: 'This VAT ID is not valid.' };
    await el.validate();
    expect(vat.getAttribute('aria-invalid')).to.equal('true');
    expect(field.validity.valid).to.equal(false);
  });

  it('asks to choose a country, not to fill it in', async () => {
    const el = await fixture<PorticoCustomerFields>(
      html`<portico-customer-fields
        lang="en"
        .fields=${{ ...fields, email: 'optional', firstName: 'optional', lastName: 'optional', street: 'optional', houseNumber: 'optional', postalCode: 'optional', city: 'optional' }}
      ></portico-customer-fields>`,
    );
    el.showErrors();
    expect(await el.validate()).to.equal(false);
    expect(el.validationMessage).to.equal('Please choose a country.');
    await expect(el).to.be.accessible();
  });

  it("checks the postal code against the chosen country with the server's rules", async () => {
    const el = await fixture<PorticoCustomerFields>(
      html`<portico-customer-fields
        lang="en"
        .fields=${fields}
        .value=${{ email: 'ada@example.com', firstName: 'Ada', lastName: 'L', street: 'S', houseNumber: '1', city: 'Berlin', country: 'DE', postalCode: '1011' }}
      ></portico-customer-fields>`,
    );
    const field = el.shadowRoot!.querySelector<PorticoTextField>('portico-text-field[name="customer.postalCode"]')!;
    await waitUntil(() => !field.validity.valid, 'the lazily loaded rule refuses a 4-digit German postal code');
    el.showErrors();
    expect(await el.validate()).to.equal(false);
    expect(el.validationMessage).to.equal('Please enter a postal code of the chosen country.');
    await expect(el).to.be.accessible();
    el.value = { ...el.value, country: 'AT' };
    expect(await el.validate()).to.equal(true, '1011 is an Austrian postal code');
    el.value = { ...el.value, country: 'DE', postalCode: '10115' };
    expect(await el.validate()).to.equal(true);
  });
});
