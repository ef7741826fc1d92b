import { expect, fixture, html } from '@open-wc/testing';
import './portico-portal-billing-address.ts';
import type { PorticoPortalBillingAddress } from './billing-address.ts';
import type { PorticoTextField } from '../../controls/text-field/text-field.ts';
import { deepActiveElement, until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

async function addressFor(token: string): Promise<PorticoPortalBillingAddress> {
  const { session, client } = await sessionFor(token);
  const el = await fixture<PorticoPortalBillingAddress>(
    html`<portico-portal-billing-address
      lang="en"
      .client=${client}
      .session=${session}
    ></portico-portal-billing-address>`,
  );
  await until(() => !el.shadowRoot!.textContent!.includes('Loading'), 'the address to load');
  return el;
}

const root = (el: PorticoPortalBillingAddress) => el.shadowRoot!;
const shown = (el: PorticoPortalBillingAddress, field: string) =>
  root(el).querySelector(`dl:not(.conflict dl) dd[data-field="${field}"]`)?.textContent?.trim();
const button = (el: PorticoPortalBillingAddress, selector: string) =>
  root(el).querySelector<HTMLButtonElement>(`button.${selector}`)!;

function field(el: PorticoPortalBillingAddress, name: string): PorticoTextField {
  const fields = root(el).querySelector('portico-customer-fields')!;
  return fields.shadowRoot!.querySelector<PorticoTextField>(`portico-text-field[name="customer.${name}"]`)!;
}

async function type(el: PorticoPortalBillingAddress, name: string, value: string): Promise<void> {
  const control = field(el, name);
  await control.updateComplete;
  const input = control.shadowRoot!.querySelector<HTMLInputElement>('input')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function edit(el: PorticoPortalBillingAddress): Promise<void> {
  button(el, 'edit').click();
  await until(() => !!root(el).querySelector('form'), 'the form');
  await root(el).querySelector('portico-customer-fields')!.updateComplete;
}

async function save(el: PorticoPortalBillingAddress, expected: 'saved' | 'refused'): Promise<void> {
  button(el, 'save').click();
  await until(
    () =>
      expected === 'saved'
        ? !root(el).querySelector('form')
        : !!root(el).querySelector('[role="alert"].alert')!.textContent!.trim(),
    `the address to be ${expected}`,
  );
}

describe('<portico-portal-billing-address>', () => {
  before(() => useTheme('light'));

  it('shows the address and saves a change, which the next load shows', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await addressFor(portalToken);
    await expect(el).to.be.accessible();
    expect(root(el).querySelector('h2')!.textContent).to.contain('Billing address');
    expect(shown(el, 'city')).to.be.a('string').and.not.equal('');
    expect(shown(el, 'country'), 'the country by its name, not its code').to.equal('Germany');
    await edit(el);
    await expect(el).to.be.accessible();
    await type(el, 'city', 'Potsdam');
    await save(el, 'saved');
    expect(root(el).querySelector('[role="status"].message')!.textContent).to.contain('future invoices');
    expect(shown(el, 'city')).to.equal('Potsdam');
    expect(deepActiveElement()).to.equal(button(el, 'edit'));
    const again = await addressFor(portalToken);
    expect(shown(again, 'city')).to.equal('Potsdam');
  });

  it('keeps a mandatory field from being emptied, without a request', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await addressFor(portalToken);
    await edit(el);
    await type(el, 'city', '');
    button(el, 'save').click();
    await until(() => field(el, 'city').shadowRoot!.querySelector('.error')!.textContent!.trim() !== '', 'the error');
    expect(root(el).querySelector('form')).to.not.equal(null);
    expect(field(el, 'city').shadowRoot!.querySelector('input')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('shows the server’s refusal of a field on that field and keeps the entries', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await addressFor(portalToken);
    const before = shown(el, 'vatId');
    await edit(el);
    await type(el, 'vatId', 'DE123');
    await save(el, 'refused');
    const vat = field(el, 'vatId');
    await until(() => vat.shadowRoot!.querySelector('.error')!.textContent!.includes('not valid'), 'the VAT ID error');
    expect(vat.shadowRoot!.querySelector('input')!.getAttribute('aria-invalid')).to.equal('true');
    expect(vat.value).to.equal('DE123');
    await expect(el).to.be.accessible();
    button(el, 'cancel').click();
    await until(() => !root(el).querySelector('form'), 'the address view');
    expect(shown(el, 'vatId')).to.equal(before);
  });

  it('saves once a VAT ID the server refused is corrected, keeping the other entries', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await addressFor(portalToken);
    await edit(el);
    await type(el, 'city', 'Cottbus');
    await type(el, 'vatId', 'DE123');
    await save(el, 'refused');
    const vat = field(el, 'vatId');
    await until(() => vat.shadowRoot!.querySelector('.error')!.textContent!.includes('not valid'), 'the VAT ID error');
    await type(el, 'vatId', 'DE811907980');
    await until(() => vat.shadowRoot!.querySelector('.error')!.textContent!.trim() === '', 'the VAT ID error to go');
    expect(vat.shadowRoot!.querySelector('input')!.getAttribute('aria-invalid')).to.equal('false');
    await save(el, 'saved');
    expect(shown(el, 'vatId')).to.equal('DE811907980');
    expect(shown(el, 'city')).to.equal('Cottbus');
  });

  it('words its alert in the language shown, also after a switch', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await addressFor(portalToken);
    await edit(el);
    await type(el, 'vatId', 'DE123');
    await save(el, 'refused');
    const alert = () => root(el).querySelector('[role="alert"].alert')!.textContent!.trim();
    expect(alert()).to.equal('Please check the marked fields.');
    el.lang = 'de';
    await until(() => alert() === 'Bitte prüfen Sie die markierten Felder.', 'the alert in German');
    el.lang = 'en';
    await until(() => alert() === 'Please check the marked fields.', 'the alert in English again');
  });

  it('tells the later of two concurrent edits that someone else changed it, and shows their values', async () => {
    const { portalToken } = await porticoFixtures();
    const first = await addressFor(portalToken);
    const second = await addressFor(portalToken);
    await edit(first);
    await edit(second);
    await type(first, 'city', 'Leipzig');
    await save(first, 'saved');
    await type(second, 'city', 'Dresden');
    await save(second, 'refused');
    expect(root(second).querySelector('[role="alert"].alert')!.textContent).to.contain('Someone else changed');
    await expect(second).to.be.accessible();
    expect(root(second).querySelector('.conflict dd[data-field="city"]')!.textContent!.trim()).to.equal('Leipzig');
    expect(field(second, 'city').value).to.equal('Dresden');
    await save(second, 'saved');
    expect(shown(second, 'city')).to.equal('Dresden');
  });
});
