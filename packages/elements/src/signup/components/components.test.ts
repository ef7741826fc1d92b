import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { SignupComponent } from '@portico/core';
import './portico-signup-components.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { formEntries } from '../../testing/dom.ts';
import type { PorticoSignupComponents } from './components.ts';

const components: SignupComponent[] = [
  {
    id: 'seats',
    kind: 'quantity',
    name: 'Additional seats',
    description: 'Extra logins.',
    unit: 'seat',
    unitPriceCents: 500,
    pricePerUnits: 1,
    minQuantity: 0,
    maxQuantity: 2,
    defaultQuantity: 0,
  },
  {
    id: 'support',
    kind: 'on_off',
    name: 'Priority support',
    description: '',
    unit: 'month',
    unitPriceCents: 4900,
    pricePerUnits: 1,
    minQuantity: 0,
    maxQuantity: 1,
    defaultQuantity: 0,
  },
];

const stepper = (el: PorticoSignupComponents) => el.shadowRoot!.querySelector('portico-quantity-stepper')!;
const toggle = (el: PorticoSignupComponents) => el.shadowRoot!.querySelector('portico-toggle')!;

describe('<portico-signup-components>', () => {
  before(() => useTheme('light'));

  it('offers a stepper for quantities and a switch for on/off components, with prices, accessibly', async () => {
    const el = await fixture<PorticoSignupComponents>(
      html`<portico-signup-components lang="en-GB" .components=${components}></portico-signup-components>`,
    );
    await expect(el).to.be.accessible();
    expect(stepper(el).label).to.equal('Additional seats');
    // The merchant's texts sit in Unicode isolates (FSI … PDI), so they keep their own direction in Arabic.
    expect(stepper(el).hint).to.contain('€5.00 per \u2068seat\u2069 per month');
    expect(stepper(el).max).to.equal(2);
    expect(toggle(el).label).to.equal('Priority support');
    expect(toggle(el).hint).to.equal('€49.00 per month');
    expect(el.value).to.deep.equal({ seats: 0, support: 0 });
  });

  it('prices recurring components per billing period of the chosen variant', async () => {
    const el = await fixture<PorticoSignupComponents>(
      html`<portico-signup-components
        lang="en-GB"
        billing-period-months="12"
        .components=${components}
      ></portico-signup-components>`,
    );
    // Billing runs charge a component once per period: a yearly variant's support is €49.00 a year, not a month.
    expect(stepper(el).hint).to.contain('€5.00 per \u2068seat\u2069 per year');
    expect(toggle(el).hint).to.equal('€49.00 per year');
    el.billingPeriodMonths = 3;
    await el.updateComplete;
    expect(toggle(el).hint).to.equal('€49.00 every 3 months');
    await expect(el).to.be.accessible();
  });

  it('reports the chosen quantities as value, form value and change events', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <portico-signup-components name="components" .components=${components}></portico-signup-components>
      </form>`,
    );
    const el = form.querySelector('portico-signup-components')!;
    let changed = oneEvent(el, 'change');
    stepper(el).shadowRoot!.querySelector<HTMLButtonElement>('[part="increment"]')!.click();
    await changed;
    changed = oneEvent(el, 'change');
    toggle(el).shadowRoot!.querySelector('input')!.click();
    await changed;
    expect(el.value).to.deep.equal({ seats: 1, support: 1 });
    await el.validate();
    expect(formEntries(form)).to.deep.equal({ 'components.seats': '1', 'components.support': '1' });
  });

  it('puts server errors on their component and is invalid until it changes', async () => {
    const el = await fixture<PorticoSignupComponents>(
      html`<portico-signup-components
        .components=${components}
        .quantities=${{ seats: 2 }}
        .errors=${{ seats: 'At most 2 seats for this plan.' }}
      ></portico-signup-components>`,
    );
    expect(await el.validate()).to.equal(false);
    expect(el.validationMessage).to.equal('At most 2 seats for this plan.');
    expect(stepper(el).shadowRoot!.getElementById('error')!.textContent).to.contain('At most 2 seats');
    stepper(el).shadowRoot!.querySelector<HTMLButtonElement>('[part="decrement"]')!.click();
    expect(await el.validate()).to.equal(true);
  });
});
