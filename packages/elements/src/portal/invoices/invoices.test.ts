import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './portico-portal-invoices.ts';
import type { PorticoPortalInvoices } from './invoices.ts';
import { deepActiveElement, until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

async function invoicesFor(token: string, contractId = ''): Promise<PorticoPortalInvoices> {
  const { session, client } = await sessionFor(token);
  const el = await fixture<PorticoPortalInvoices>(
    html`<portico-portal-invoices
      lang="en"
      page-size="4"
      contract-id=${contractId}
      .client=${client}
      .session=${session}
    ></portico-portal-invoices>`,
  );
  await loaded(el);
  return el;
}

const loaded = (el: PorticoPortalInvoices) =>
  until(() => !el.shadowRoot!.textContent!.includes('Loading'), 'the invoices to load');
const rows = (el: PorticoPortalInvoices) => [...el.shadowRoot!.querySelectorAll('tbody tr')];

async function choose(el: PorticoPortalInvoices, name: string, value: string): Promise<void> {
  const select = el.shadowRoot!.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
  await loaded(el);
}

describe('<portico-portal-invoices>', () => {
  before(() => useTheme('light'));

  it('lists invoices with number, date, amount, due date and status', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await invoicesFor(portalToken);
    await expect(el).to.be.accessible();
    const headers = [...el.shadowRoot!.querySelectorAll('th')].map((th) => th.textContent!.trim());
    expect(headers).to.deep.equal(['Number', 'Date', 'Amount', 'Due date', 'Status', 'PDF']);
    expect(rows(el)).to.have.length(4);
    expect(rows(el)[0]!.textContent).to.match(/€/);
  });

  it('loads the next page with the cursor and moves focus to the first new row', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await invoicesFor(portalToken);
    const first = rows(el).map((row) => row.getAttribute('data-id'));
    const more = el.shadowRoot!.querySelector<HTMLButtonElement>('button.more')!;
    more.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => rows(el).length > 4, 'the second page');
    const ids = rows(el).map((row) => row.getAttribute('data-id'));
    expect(ids.slice(0, 4)).to.deep.equal(first);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(deepActiveElement()).to.equal(rows(el)[4]!.querySelector('button'));
  });

  it('filters by status and by year', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await invoicesFor(portalToken);
    await choose(el, 'status', 'paid');
    expect(rows(el).length).to.be.greaterThan(0);
    for (const row of rows(el)) expect(row.querySelector('.status')!.textContent).to.contain('Paid');
    const years = [...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('select[name="year"] option')]
      .map((option) => option.value)
      .filter(Boolean);
    expect(years.length).to.be.greaterThan(0);
    await choose(el, 'status', '');
    await choose(el, 'year', years[0]!);
    expect(rows(el).length).to.be.greaterThan(0);
    for (const row of rows(el)) expect(row.querySelectorAll('td')[1]!.textContent).to.contain(years[0]!);
  });

  it('lists one contract’s invoices and downloads a PDF with the session', async () => {
    const { portalToken, portalContractId } = await porticoFixtures();
    const el = await invoicesFor(portalToken, portalContractId);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.contain('Invoices for this contract');
    const id = rows(el)[0]!.getAttribute('data-id')!;
    const pdf = await el.client!.blob(`/invoices/${id}/pdf`);
    expect(await pdf.slice(0, 4).text()).to.equal('%PDF');
  });

  it('shows the server’s refusal to a person without the invoices permission', async () => {
    const { memberToken } = await porticoFixtures();
    const el = await invoicesFor(memberToken);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('not allowed');
    expect(rows(el)).to.have.length(0);
  });
});
