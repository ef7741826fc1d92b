import { expect, fixture, html } from '@open-wc/testing';
import type { SignupComponent } from '@portico/core';
import './portico-usage-fees.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { until } from '../../testing/dom.ts';
import type { PorticoUsageFees } from './usage-fees.ts';

const fees: SignupComponent[] = [
  {
    id: 'api',
    kind: 'metered',
    name: 'API calls',
    description: 'Billed per 1,000 calls.',
    unit: 'call',
    unitPriceCents: 150,
    pricePerUnits: 1000,
    minQuantity: 0,
    maxQuantity: null,
    defaultQuantity: 0,
  },
  {
    id: 'docs',
    kind: 'metered',
    name: 'Signed documents',
    description: '',
    unit: 'document',
    unitPriceCents: 50,
    pricePerUnits: 1,
    minQuantity: 0,
    maxQuantity: null,
    defaultQuantity: 0,
  },
];

describe('<portico-usage-fees>', () => {
  before(() => useTheme('light'));

  it('lists metered prices read-only, in the element language', async () => {
    const el = await fixture<PorticoUsageFees>(
      html`<portico-usage-fees lang="en-GB" .fees=${fees}></portico-usage-fees>`,
    );
    await expect(el).to.be.accessible();
    // Without the invisible isolates around the merchant's unit (FSI/PDI), as a reader sees it.
    const rows = [...el.shadowRoot!.querySelectorAll('[part="fee"]')].map((row) =>
      row.textContent!.replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' '),
    );
    expect(rows[0]).to.contain('API calls').and.contain('€1.50 per 1,000 (unit: call)');
    expect(rows[0]).to.not.contain('×');
    expect(rows[1]).to.contain('€0.50 per document');
    expect(el.shadowRoot!.querySelector('input, button')).to.equal(null);
  });

  it('formats German prices for lang="de"', async () => {
    const el = await fixture<PorticoUsageFees>(html`<portico-usage-fees lang="de" .fees=${fees}></portico-usage-fees>`);
    await until(() => /Einheit/.test(el.shadowRoot!.textContent ?? ''), 'the German texts');
    expect(el.shadowRoot!.textContent!.replace(/[\u2068\u2069]/g, '')).to.match(/1,50\s€ je 1\.000 \(Einheit: call\)/);
  });
});
