import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PlanVariantSummary } from '@portico/core';
import './portico-variant-switch.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { formEntries } from '../../testing/dom.ts';
import type { PorticoVariantSwitch } from './variant-switch.ts';

const variants: PlanVariantSummary[] = [
  {
    id: 'm',
    planName: 'Starter',
    variantName: 'Monthly',
    description: '',
    priceCents: 2900,
    currency: 'EUR',
    billingPeriodMonths: 1,
    trialDays: 14,
  },
  {
    id: 'y',
    planName: 'Starter',
    variantName: 'Yearly',
    description: '',
    priceCents: 29000,
    currency: 'EUR',
    billingPeriodMonths: 12,
    trialDays: 14,
  },
];

describe('<portico-variant-switch>', () => {
  before(() => useTheme('light'));

  it('shows the variants as an accessible radio group with their prices', async () => {
    const el = await fixture<PorticoVariantSwitch>(
      html`<portico-variant-switch lang="en-GB" .variants=${variants} value="m"></portico-variant-switch>`,
    );
    await expect(el).to.be.accessible();
    const radios = el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]');
    expect(radios.length).to.equal(2);
    expect(radios[0]!.checked).to.equal(true);
    expect(el.shadowRoot!.textContent).to.contain('€29.00').and.contain('per month').and.contain('per year');
  });

  it('moves to the other variant with the arrow keys, fires change and submits the id', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <portico-variant-switch name="planVariantId" .variants=${variants} value="m"></portico-variant-switch>
      </form>`,
    );
    const el = form.querySelector('portico-variant-switch')!;
    expect(formEntries(form)).to.deep.equal({ planVariantId: 'm' });
    el.focusFirstInvalid();
    const changed = oneEvent(el, 'change');
    await sendKeys({ press: 'ArrowRight' });
    await changed;
    await el.updateComplete;
    expect(el.value).to.equal('y');
    expect(formEntries(form)).to.deep.equal({ planVariantId: 'y' });
  });
});
