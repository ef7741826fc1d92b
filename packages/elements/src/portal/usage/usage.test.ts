import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { UsageStatistics } from '@portico/core';
import './portico-portal-usage.ts';
import type { PorticoPortalUsage } from './usage.ts';
import { until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

async function usageFor(token: string, lang = 'en'): Promise<PorticoPortalUsage> {
  const { portalContractId } = await porticoFixtures();
  const { session, client } = await sessionFor(token);
  const el = await fixture<PorticoPortalUsage>(
    html`<portico-portal-usage
      lang=${lang}
      contract-id=${portalContractId}
      .client=${client}
      .session=${session}
    ></portico-portal-usage>`,
  );
  await settled(el);
  return el;
}

const root = (el: PorticoPortalUsage) => el.shadowRoot!;
const settled = (el: PorticoPortalUsage) =>
  until(() => !root(el).textContent!.includes('Loading'), 'the usage to load');
const number = (text: string) => Number(text.replace(/[^\d]/g, ''));

/** The quantity column of one component in the day table, summed. */
function dayColumnSum(el: PorticoPortalUsage, column: number): number {
  return [...root(el).querySelectorAll('table.days tbody tr')]
    .map((row) => number(row.querySelectorAll('td')[column]!.textContent!))
    .reduce((sum, value) => sum + value, 0);
}

const screenTotals = (el: PorticoPortalUsage) =>
  [...root(el).querySelectorAll('table.totals tbody tr')].map((row) => ({
    component: row.getAttribute('data-component'),
    quantity: number(row.querySelector('.quantity')!.textContent!),
  }));

async function change(el: PorticoPortalUsage, selector: string, value: string): Promise<void> {
  const control = root(el).querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  control.value = value;
  control.dispatchEvent(new Event('change'));
  await el.updateComplete;
  await settled(el);
}

describe('<portico-portal-usage>', () => {
  before(() => useTheme('light'));

  it('shows the current month: totals with price, a chart with a text alternative and the days table', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await usageFor(portalToken);
    await expect(el).to.be.accessible();
    const { portalContractId } = await porticoFixtures();
    const current = await el.client!.get<UsageStatistics>(`/contracts/${portalContractId}/usage`);
    const picker = root(el).querySelector<HTMLInputElement>('input[name="month"]')!;
    expect(picker.value).to.equal(current.month);
    // The picker offers the contract's months only: from its first month on.
    expect(current.firstMonth).to.match(/^\d{4}-\d{2}$/);
    expect(picker.min).to.equal(current.firstMonth);
    const totals = screenTotals(el);
    expect(totals.length).to.be.greaterThan(0);
    expect(root(el).querySelector('table.totals .price')!.textContent).to.match(/€/);
    const chart = root(el).querySelector('svg.chart')!;
    expect(chart.getAttribute('role')).to.equal('group');
    expect(chart.getAttribute('aria-label')).to.contain('Usage by day');
    totals.forEach((total, column) => expect(dayColumnSum(el, column)).to.equal(total.quantity));
  });

  it('filters by a usage dimension and by an earlier month', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await usageFor(portalToken);
    const all = screenTotals(el)[0]!.quantity;
    const dimensions = [...root(el).querySelectorAll<HTMLOptionElement>('select[name="dimension"] option')]
      .map((option) => option.value)
      .filter(Boolean);
    expect(dimensions.length).to.be.greaterThan(1);
    await change(el, 'select[name="dimension"]', dimensions[0]!);
    const filtered = screenTotals(el)[0]!.quantity;
    expect(filtered).to.be.lessThan(all);
    await expect(el).to.be.accessible();

    await change(el, 'select[name="dimension"]', '');
    const current = root(el).querySelector<HTMLInputElement>('input[name="month"]')!.value;
    const [year, monthNumber] = current.split('-').map(Number) as [number, number];
    const previous = monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
    await change(el, 'input[name="month"]', previous);
    expect(root(el).querySelector('table.days tbody tr')!.getAttribute('data-date')).to.equal(`${previous}-01`);
    expect(root(el).querySelector('[role="status"].muted')!.textContent).to.contain('Usage in');
  });

  it('downloads the selection with the session, with the same totals as the screen', async () => {
    const { portalToken, portalContractId } = await porticoFixtures();
    const el = await usageFor(portalToken);
    const buttons = [...root(el).querySelectorAll<HTMLButtonElement>('.downloads button')];
    expect(buttons.map((button) => button.dataset.format)).to.deep.equal(['csv', 'xlsx', 'pdf', 'json']);
    buttons[0]!.click();
    await until(() => root(el).querySelector('.download-status')!.textContent!.includes('CSV'), 'the CSV download');
    const month = root(el).querySelector<HTMLInputElement>('input[name="month"]')!.value;
    const json = JSON.parse(
      await (await el.client!.blob(`/contracts/${portalContractId}/usage/export?month=${month}&format=json`)).text(),
    ) as UsageStatistics;
    expect(json.totals.map((total) => ({ component: total.componentId, quantity: total.quantity }))).to.deep.equal(
      screenTotals(el),
    );
    const xlsx = await el.client!.blob(`/contracts/${portalContractId}/usage/export?month=${month}&format=xlsx`);
    expect(await xlsx.slice(0, 2).text()).to.equal('PK');
  });

  it('downloads in the language the portal shows, not the browser’s', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await usageFor(portalToken, 'de');
    await until(() => root(el).querySelector('h2')!.textContent!.includes('Verbrauchsstatistik'), 'the German texts');
    const csv = () => root(el).querySelector<HTMLButtonElement>('.downloads button[data-format="csv"]');
    await until(() => !!csv(), 'the usage to load');
    const files: Blob[] = [];
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      if (blob instanceof Blob) files.push(blob);
      return createObjectURL.call(URL, blob);
    };
    try {
      csv()!.click();
      await until(() => files.length > 0, 'the CSV download');
    } finally {
      URL.createObjectURL = createObjectURL;
    }
    const header = (await files[0]!.text()).split(/\r?\n/)[0]!;
    expect(header).to.match(/^\W*Datum/);
    await expect(el).to.be.accessible();
  });

  it('names units per plural form and quantities with thousands separators, in German and English', async () => {
    const { portalToken } = await porticoFixtures();
    const german = await usageFor(portalToken, 'de');
    await until(() => root(german).querySelector('h2')!.textContent!.includes('Verbrauchsstatistik'), 'German');
    await until(() => root(german).textContent!.includes('API-Aufrufe'), 'the German catalog names');
    const calls = [...root(german).querySelectorAll('table.totals tbody tr')].find((row) =>
      row.querySelector('th')!.textContent!.includes('API-Aufrufe'),
    )!;
    const quantity = calls.querySelector('.quantity')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(quantity).to.match(/^\d{1,3}(\.\d{3})* Aufrufe$/);
    await expect(german).to.be.accessible();
  });

  it('names the unit of a total in English by its plural form', async () => {
    const { portalToken } = await porticoFixtures();
    const english = await usageFor(portalToken);
    const text = root(english)
      .querySelector('table.totals tbody tr .quantity')!
      .textContent!.replace(/\s+/g, ' ')
      .trim();
    expect(text).to.match(/^1 call$|^[\d,]+ calls$/);
  });

  it('labels the usage dimensions readably', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await usageFor(portalToken);
    const labels = [...root(el).querySelectorAll<HTMLOptionElement>('select[name="dimension"] option')]
      .filter((option) => option.value)
      .map((option) => option.textContent!.trim());
    expect(labels.length).to.be.greaterThan(0);
    for (const label of labels) expect(label).to.match(/^(Access token|IP address): \S/);
  });

  it('says so for a month without usage instead of drawing an empty chart', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await usageFor(portalToken);
    await change(el, 'input[name="month"]', '2001-01');
    expect(root(el).querySelector('svg.chart')).to.equal(null);
    expect(root(el).querySelector('p.empty')!.textContent).to.contain('No usage in January 2001.');
    await expect(el).to.be.accessible();
  });

  it('draws axes and reads out a day on hover and by keyboard (arrow keys, one tab stop)', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await usageFor(portalToken);
    const chart = root(el).querySelector('svg.chart')!;
    const ticks = [...chart.querySelectorAll('.axis text')].map((text) => text.textContent!.trim());
    expect(ticks[0]).to.equal('0');
    expect(ticks.length).to.be.greaterThan(3);
    const days = () => [...root(el).querySelectorAll<SVGGElement>('svg.chart g.day')];
    expect(days().filter((day) => day.getAttribute('tabindex') === '0').length).to.equal(1);
    const rows = [...root(el).querySelectorAll('table.days tbody tr')];
    expect(days().length).to.equal(rows.length);

    days()[0]!.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    const readout = () => root(el).querySelector('p.readout')!.textContent!.trim();
    const firstDay = rows[0]!.querySelector('th')!.textContent!.trim();
    expect(readout()).to.contain(firstDay);
    expect(days()[0]!.getAttribute('aria-label')).to.contain(firstDay);

    const last = days().at(-1)!;
    last.focus();
    await el.updateComplete;
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    await until(() => root(el).activeElement === days().at(-2), 'the focus on the day before');
    expect(days().at(-2)!.getAttribute('tabindex')).to.equal('0');
    expect(readout()).to.contain(rows.at(-2)!.querySelector('th')!.textContent!.trim());
    expect(days().at(-2)!.getAttribute('aria-label')).to.match(/: [\d,.]+ \u2068(calls?|documents?)\u2069$/);
    await sendKeys({ press: 'Home' });
    await until(() => root(el).activeElement === days()[0], 'the focus on the first day');
    await expect(el).to.be.accessible();
  });

  it('explains a refused month', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await usageFor(portalToken);
    await change(el, 'input[name="month"]', '2999-01');
    const alert = root(el).querySelector('[role="alert"]')!.textContent!.trim();
    expect(alert).to.not.equal('');
    expect(alert).to.not.contain('Something went wrong');
  });
});
