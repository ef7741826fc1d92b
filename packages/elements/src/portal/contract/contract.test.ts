import { expect, fixture, html } from '@open-wc/testing';
import './portico-portal-contract.ts';
import type { PorticoPortalContract } from './contract.ts';
import { PortalNavigateEvent } from '../access.ts';
import { until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

async function contractFor(token: string): Promise<PorticoPortalContract> {
  const { portalContractId } = await porticoFixtures();
  const { session, client } = await sessionFor(token);
  const el = await fixture<PorticoPortalContract>(
    html`<portico-portal-contract
      lang="en"
      contract-id=${portalContractId}
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
    expect(components).to.include('Additional seats 5');
    expect(components).to.include('Priority support Included');
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

  it('tells a member without the contract permission that the server refused', async () => {
    const { memberToken } = await porticoFixtures();
    const el = await contractFor(memberToken);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('not allowed');
    expect(el.shadowRoot!.querySelector('dl')).to.equal(null);
  });
});
