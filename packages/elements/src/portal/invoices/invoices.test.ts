import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './portico-portal-invoices.ts';
import type { InvoicePage } from '@portico/core';
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

  it('says "No invoices yet" when a contract in its trial has none, and "match these filters" only when filtered', async () => {
    const { endingTrial } = await porticoFixtures();
    const el = await invoicesFor(endingTrial.token, endingTrial.contractId);
    await expect(el).to.be.accessible();
    expect(rows(el)).to.have.length(0);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).to.equal('No invoices yet.');
    await choose(el, 'status', 'paid');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).to.equal(
      'No invoices match these filters.',
    );
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

  it('shows the newest filter’s invoices when the answer to an earlier filter arrives after it', async () => {
    const { portalToken } = await porticoFixtures();
    const { session, client } = await sessionFor(portalToken);
    const paidIds = (await client.get<InvoicePage>('/invoices?status=paid&limit=4')).items.map((item) => item.id);
    const openIds = (await client.get<InvoicePage>('/invoices?status=open&limit=4')).items.map((item) => item.id);
    expect(paidIds, 'paid and open invoices differ').to.not.deep.equal(openIds);
    // The server answers every request; the answer (or failure, once aborted) of the "paid" filter is only handed
    // over when the test says so.
    const get = client.get.bind(client);
    let handOverPaid!: () => void;
    const paidHeld = new Promise<void>((resolve) => (handOverPaid = resolve));
    let paidHandedOver = false;
    client.get = async <T>(path: string, signal?: AbortSignal): Promise<T> => {
      try {
        return await get<T>(path, signal);
      } finally {
        if (path.includes('status=paid')) {
          await paidHeld;
          paidHandedOver = true;
        }
      }
    };
    const el = await fixture<PorticoPortalInvoices>(
      html`<portico-portal-invoices
        lang="en"
        page-size="4"
        .client=${client}
        .session=${session}
      ></portico-portal-invoices>`,
    );
    await loaded(el);
    const status = el.shadowRoot!.querySelector<HTMLSelectElement>('select[name="status"]')!;
    status.value = 'paid';
    status.dispatchEvent(new Event('change'));
    await choose(el, 'status', 'open');
    const ids = () => rows(el).map((row) => row.getAttribute('data-id'));
    expect(ids()).to.deep.equal(openIds);
    handOverPaid();
    await until(() => paidHandedOver, 'the late answer');
    await el.updateComplete;
    expect(ids(), 'the late answer to the earlier filter is dropped').to.deep.equal(openIds);
    expect(el.shadowRoot!.textContent).to.not.contain('Loading');
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
