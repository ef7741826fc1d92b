import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './portico-text-field.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { deepActiveElement, formEntries } from '../../testing/dom.ts';
import type { PorticoTextField } from './text-field.ts';

const inner = (el: PorticoTextField) => el.shadowRoot!.querySelector<HTMLInputElement>('#input')!;

describe('<portico-text-field>', () => {
  before(() => useTheme('light'));

  it('is accessible, labels its input and carries the autocomplete token', async () => {
    const el = await fixture<PorticoTextField>(
      html`<portico-text-field
        label="E-mail"
        name="email"
        type="email"
        autocomplete="email"
        required
      ></portico-text-field>`,
    );
    await expect(el).to.be.accessible();
    const input = inner(el);
    expect(input.labels?.[0]?.textContent).to.contain('E-mail');
    expect(input.getAttribute('autocomplete')).to.equal('email');
    expect(input.type).to.equal('email');
  });

  it('submits what the customer types with its form, and fires change', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><portico-text-field label="City" name="city"></portico-text-field></form>`,
    );
    const el = form.querySelector('portico-text-field')!;
    el.focus();
    expect(deepActiveElement()).to.equal(inner(el));
    await sendKeys({ type: 'Berlin' });
    expect(el.value).to.equal('Berlin');
    expect(formEntries(form)).to.deep.equal({ city: 'Berlin' });
    const changed = oneEvent(el, 'change');
    await sendKeys({ press: 'Tab' });
    await changed;
  });

  it('is invalid while a required field is empty and shows the error once left, linked to the input', async () => {
    const el = await fixture<PorticoTextField>(
      html`<portico-text-field label="First name" name="firstName" required></portico-text-field>`,
    );
    await el.validate();
    expect(el.checkValidity()).to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);
    expect(inner(el).getAttribute('aria-invalid')).to.equal('false');
    el.focus();
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    const input = inner(el);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const errorId = input.getAttribute('aria-describedby')!;
    expect(el.shadowRoot!.getElementById(errorId)!.textContent).to.contain('Please fill in First name');
    await expect(el).to.be.accessible();
    el.focus();
    await sendKeys({ type: 'Ada' });
    await el.validate();
    expect(el.checkValidity()).to.equal(true);
    expect(inner(el).getAttribute('aria-invalid')).to.equal('false');
  });

  it('rejects a malformed e-mail address', async () => {
    const el = await fixture<PorticoTextField>(
      html`<portico-text-field label="E-mail" type="email"></portico-text-field>`,
    );
    el.focus();
    await sendKeys({ type: 'not-an-address' });
    expect(await el.validate()).to.equal(false);
    expect(el.validity.typeMismatch).to.equal(true);
    expect(el.validationMessage).to.contain('e-mail address');
  });

  it('shows a server error until the customer edits the field', async () => {
    const el = await fixture<PorticoTextField>(
      html`<portico-text-field label="IBAN" value="DE00" .error=${'This IBAN is not valid.'}></portico-text-field>`,
    );
    expect(await el.validate()).to.equal(false);
    expect(el.validity.customError).to.equal(true);
    expect(el.shadowRoot!.querySelector('#error')!.textContent).to.contain('This IBAN is not valid.');
    expect(inner(el).getAttribute('aria-invalid')).to.equal('true');
    el.focus();
    await sendKeys({ type: '1' });
    expect(await el.validate()).to.equal(true);
    expect(el.shadowRoot!.querySelector('#error')!.textContent).to.equal('');
  });

  it('goes back to its initial value when the form is reset', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><portico-text-field label="Company" name="company" value="Acme"></portico-text-field></form>`,
    );
    const el = form.querySelector('portico-text-field')!;
    el.focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ type: ' GmbH' });
    expect(el.value).to.equal('Acme GmbH');
    form.reset();
    await el.updateComplete;
    expect(el.value).to.equal('Acme');
    expect(inner(el).value).to.equal('Acme');
  });

  it('becomes a select with options, chosen by keyboard', async () => {
    const el = await fixture<PorticoTextField>(
      html`<portico-text-field
        label="Country"
        autocomplete="country"
        required
        .options=${[
          { value: 'AT', label: 'Austria' },
          { value: 'DE', label: 'Germany' },
        ]}
      ></portico-text-field>`,
    );
    await expect(el).to.be.accessible();
    const select = el.shadowRoot!.querySelector('select')!;
    expect(select.getAttribute('autocomplete')).to.equal('country');
    expect(await el.validate()).to.equal(false);
    const changed = oneEvent(el, 'change');
    select.value = 'DE';
    select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await changed;
    expect(el.value).to.equal('DE');
    expect(await el.validate()).to.equal(true);
  });
});
