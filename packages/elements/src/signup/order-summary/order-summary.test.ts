import { expect, fixture, html } from '@open-wc/testing';
import type { OrderPreview } from '@portico/core';
import './portico-order-summary.ts';
import { useTheme } from '../../testing/fixtures.ts';
import type { PorticoOrderSummary } from './order-summary.ts';

const preview: OrderPreview = {
  currency: 'EUR',
  billingPeriodMonths: 1,
  lines: [
    { kind: 'plan', description: 'Starter Monthly', quantity: 1, unitPriceCents: 2900, amountCents: 2900 },
    { kind: 'component', description: 'Additional seats', quantity: 3, unitPriceCents: 500, amountCents: 1500 },
  ],
  discount: { code: 'SPRING10', description: '10 % off', amountCents: 440, endsOn: null },
  couponError: null,
  netCents: 3960,
  taxRateBasisPoints: 1900,
  taxCents: 752,
  grossCents: 4712,
  reverseCharge: false,
  dueTodayCents: 0,
  recurringCents: 4712,
  afterDiscountCents: null,
  trialEnd: '2026-12-07',
};

const text = (el: PorticoOrderSummary) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

describe('<portico-order-summary>', () => {
  before(() => useTheme('light'));

  it('shows lines, discount, net, tax, total, today and recurring, and the trial end', async () => {
    const el = await fixture<PorticoOrderSummary>(
      html`<portico-order-summary lang="en-GB" .preview=${preview}></portico-order-summary>`,
    );
    await expect(el).to.be.accessible();
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((row) =>
      row.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(rows).to.deep.equal([
      'Starter Monthly €29.00',
      '3 × Additional seats €15.00',
      '10 % off (SPRING10) −€4.40',
      'Net €39.60',
      'VAT 19% €7.52',
      'Total €47.12',
    ]);
    expect(text(el)).to.contain('Due today €0.00').and.contain('Then €47.12 per month');
    expect(text(el)).to.contain('Free trial until 7 December 2026.');
  });

  it('notes reverse charge instead of VAT and formats in German', async () => {
    const el = await fixture<PorticoOrderSummary>(
      html`<portico-order-summary
        lang="de"
        .preview=${{ ...preview, reverseCharge: true, taxRateBasisPoints: 0, taxCents: 0, discount: null, trialEnd: null }}
      ></portico-order-summary>`,
    );
    await expect(el).to.be.accessible();
    expect(text(el)).to.contain('VAT (reverse charge)').and.contain('Reverse charge');
    expect(text(el)).to.match(/29,00\s€/);
    expect(text(el)).not.to.contain('Free trial');
  });

  it('says it is calculating before the first preview and marks itself busy while loading', async () => {
    const el = await fixture<PorticoOrderSummary>(html`<portico-order-summary loading></portico-order-summary>`);
    expect(text(el)).to.contain('Calculating');
    expect(el.shadowRoot!.querySelector('section')!.getAttribute('aria-busy')).to.equal('true');
  });

  it('says when the coupon runs out and what is charged after it', async () => {
    const el = await fixture<PorticoOrderSummary>(
      html`<portico-order-summary
        lang="en-GB"
        .preview=${{
          ...preview,
          discount: { code: 'SPRING10', description: '10 % off for 3 months', amountCents: 440, endsOn: '2027-03-06' },
          afterDiscountCents: 5236,
        }}
      ></portico-order-summary>`,
    );
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('tr.discount')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      '10 % off for 3 months (SPRING10), until 6 March 2027 −€4.40',
    );
    expect(text(el)).to.contain('Then €47.12 per month').and.contain('From 7 March 2027 €52.36 per month');
  });
});
