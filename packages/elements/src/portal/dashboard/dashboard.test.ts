import { expect, fixture, html } from '@open-wc/testing';
import './portico-portal-dashboard.ts';
import type { PorticoPortalDashboard } from './dashboard.ts';
import { PortalNavigateEvent } from '../access.ts';
import { until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

async function dashboardFor(token: string): Promise<PorticoPortalDashboard> {
  const { session, client } = await sessionFor(token);
  const el = await fixture<PorticoPortalDashboard>(
    html`<portico-portal-dashboard lang="en" .client=${client} .session=${session}></portico-portal-dashboard>`,
  );
  await until(() => !el.shadowRoot!.querySelector('[role="status"]'), 'the dashboard to load');
  return el;
}

describe('<portico-portal-dashboard>', () => {
  before(() => useTheme('light'));

  it('shows the subscribed services and the pending invoices', async () => {
    const { portalToken, portalContractNumber } = await porticoFixtures();
    const el = await dashboardFor(portalToken);
    await expect(el).to.be.accessible();
    const root = el.shadowRoot!;
    expect(root.querySelector('h2')!.textContent).to.contain('Overview');
    const contract = root.querySelector('li.contract')!;
    expect(contract.textContent).to.contain(portalContractNumber);
    expect(contract.textContent).to.contain('Business');
    expect(contract.textContent).to.contain('Active');
    expect(root.textContent).to.contain('Pending invoices');
    const pending = root.querySelectorAll('#pending ~ table tbody tr');
    for (const row of pending) expect(row.textContent).to.match(/Open|Overdue/);
    expect(root.textContent).to.match(/€/);
  });

  it('asks the portal to open the contract when "Manage" is pressed', async () => {
    const { portalToken, portalContractId, portalContractNumber } = await porticoFixtures();
    const el = await dashboardFor(portalToken);
    const events: PortalNavigateEvent[] = [];
    el.addEventListener(PortalNavigateEvent.type, (event) => events.push(event as PortalNavigateEvent));
    const manage = el.shadowRoot!.querySelector<HTMLButtonElement>('li.contract button')!;
    expect(manage.getAttribute('aria-label')).to.equal(`Manage contract ${portalContractNumber}`);
    manage.click();
    expect(events.map((event) => event.route)).to.deep.equal([{ view: 'contract', contractId: portalContractId }]);
  });

  it('hides invoices and "Manage" from a member without those permissions', async () => {
    const { memberToken, portalContractNumber } = await porticoFixtures();
    const el = await dashboardFor(memberToken);
    await expect(el).to.be.accessible();
    const root = el.shadowRoot!;
    const contract = root.querySelector('li.contract')!.textContent!;
    expect(contract).to.contain(portalContractNumber);
    expect(contract).to.contain('Business');
    expect(root.textContent).not.to.contain('Pending invoices');
    expect(root.querySelector('li.contract button')).to.equal(null);
  });

  it('shows contract details only to persons allowed to see contracts', async () => {
    const { memberToken } = await porticoFixtures();
    const el = await dashboardFor(memberToken);
    await expect(el).to.be.accessible();
    const contract = el.shadowRoot!.querySelector('li.contract')!.textContent!;
    expect(contract).not.to.contain('Status');
    expect(contract).not.to.contain('Active');
    expect(contract).not.to.contain('Next billing date');
  });
});
