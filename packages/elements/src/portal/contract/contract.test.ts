import { expect, fixture, html } from '@open-wc/testing';
import './portico-portal-contract.ts';
import type { PorticoPortalContract } from './contract.ts';
import { PortalNavigateEvent } from '../access.ts';
import { until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

async function contractFor(token: string, contractId?: string): Promise<PorticoPortalContract> {
  const { portalContractId } = await porticoFixtures();
  const { session, client } = await sessionFor(token);
  const el = await fixture<PorticoPortalContract>(
    html`<portico-portal-contract
      lang="en"
      contract-id=${contractId ?? portalContractId}
      .client=${client}
      .session=${session}
    ></portico-portal-contract>`,
  );
  await until(() => !el.shadowRoot!.querySelector('[role="status"]'), 'the contract to load');
  return el;
}

describe('<portico-portal-contract>', () => {
  before(() => useTheme('light'));

  it('shows status, plan, components and the term dates', async () => {
    const { portalToken, portalContractNumber } = await porticoFixtures();
    const el = await contractFor(portalToken);
    await expect(el).to.be.accessible();
    const root = el.shadowRoot!;
    expect(root.querySelector('h2')!.textContent).to.contain(`Contract ${portalContractNumber}`);
    const terms = root.querySelector('dl')!.textContent!;
    for (const label of [
      'Status',
      'Plan',
      'Start',
      'Current period',
      'Minimum term',
      'Notice period',
      'Earliest possible end',
    ]) {
      expect(terms).to.contain(label);
    }
    expect(terms).to.contain('Active');
    expect(terms).to.contain('Business – Monthly');
    expect(terms).to.contain('14 days');
    const components = [...root.querySelectorAll('tbody tr')].map((row) =>
      row.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(components).to.include('Additional seats 5 €25.00 per month');
    expect(components).to.include('Priority support Included €49.00 per month');
  });

  it('tells what the customer pays: components with their prices, net, VAT and total', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await contractFor(portalToken);
    const root = el.shadowRoot!;
    // Without the bidi isolates around the catalog's unit names.
    const rows = [...root.querySelectorAll('tbody tr')].map((row) =>
      row
        .textContent!.replace(/[\u2066-\u2069]/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(rows).to.include('API calls By usage €1.50 per 1,000 (unit: call)');
    expect(rows).to.include('Signed documents By usage €0.50 per document');
    // Business monthly €99.00 + 5 seats €25.00 + priority support €49.00, German VAT 19 %.
    const price = root.querySelector('dl.price')!.textContent!.replace(/\s+/g, ' ');
    expect(price).to.contain('Net €173.00 per month');
    expect(price).to.contain('VAT 19% €32.87');
    expect(price).to.contain('Total €205.87 per month');
    expect(price).not.to.contain('Coupon');
  });

  it('names the coupon, when it runs out and what is charged after it', async () => {
    const { multiContractToken, couponContractId } = await porticoFixtures();
    const el = await contractFor(multiContractToken, couponContractId);
    await expect(el).to.be.accessible();
    const price = el.shadowRoot!.querySelector('dl.price')!.textContent!.replace(/\s+/g, ' ');
    // Storage monthly €9.00, WELCOME10: 10 % off for 3 months.
    expect(price).to.match(/Coupon WELCOME10 −€0\.90 per month \(until [A-Z][a-z]{2} \d{1,2}, \d{4}\)/);
    expect(price).to.contain('Net €8.10 per month');
    expect(el.shadowRoot!.querySelector('.after-coupon')!.textContent).to.match(/^€\d+\.\d{2} per month$/);
  });

  it('shows a cancelled trial’s next charge and the end the customer chose', async () => {
    const { endingTrial } = await porticoFixtures();
    const el = await contractFor(endingTrial.token, endingTrial.contractId);
    await expect(el).to.be.accessible();
    const terms = [...el.shadowRoot!.querySelectorAll('dl:not(.price) dt')].map((dt) => [
      dt.textContent!.trim(),
      dt.nextElementSibling!.textContent!.replace(/\s+/g, ' ').trim(),
    ]);
    const date = (iso: string) =>
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
    expect(terms).to.deep.include(['Next billing date', date(endingTrial.nextBillingDate)]);
    expect(terms).to.deep.include(['Contract ends on', date(endingTrial.endDate)]);
    expect(terms.map(([label]) => label)).not.to.include('Earliest possible end');
  });

  it('offers the contract document and the contract’s invoices', async () => {
    const { portalToken, portalContractId } = await porticoFixtures();
    const el = await contractFor(portalToken);
    const buttons = [...el.shadowRoot!.querySelectorAll('.actions button')].map((b) => b.textContent!.trim());
    expect(buttons).to.include('View contract document');
    expect(buttons).to.include('Download contract document');
    const events: PortalNavigateEvent[] = [];
    el.addEventListener(PortalNavigateEvent.type, (event) => events.push(event as PortalNavigateEvent));
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')]
      .find((b) => b.textContent!.includes('Invoices for this contract'))!
      .click();
    expect(events.map((event) => event.route)).to.deep.equal([{ view: 'invoices', contractId: portalContractId }]);
    const document = await el.client!.blob(`/contracts/${portalContractId}/document`);
    expect(document.type).to.equal('application/pdf');
    expect(await document.slice(0, 4).text()).to.equal('%PDF');
  });

  it('offers the contract document during a trial', async () => {
    const { trial } = await porticoFixtures();
    const el = await contractFor(trial.token, trial.contractId);
    await expect(el).to.be.accessible();
    const buttons = [...el.shadowRoot!.querySelectorAll('.actions button')].map((b) => b.textContent!.trim());
    expect(buttons).to.include('Download contract document');
  });

  it('tells a member without the contract permission that the server refused', async () => {
    const { memberToken } = await porticoFixtures();
    const el = await contractFor(memberToken);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('not allowed');
    expect(el.shadowRoot!.querySelector('dl')).to.equal(null);
  });
});
