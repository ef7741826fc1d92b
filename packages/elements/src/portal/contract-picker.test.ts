import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../portico-portal.ts';
import type { PorticoPortal } from './portal.ts';
import { deepActiveElement, until } from '../testing/dom.ts';
import { porticoFixtures, useTheme } from '../testing/fixtures.ts';

async function portalWith(token: string): Promise<PorticoPortal> {
  const { tenant } = await porticoFixtures();
  const el = await fixture<PorticoPortal>(
    html`<portico-portal lang="en" tenant=${tenant} .token=${token}></portico-portal>`,
  );
  await until(() => !!el.shadowRoot!.querySelector('nav'), 'the portal to open');
  return el;
}

const section = (el: PorticoPortal) => el.shadowRoot!.querySelector('.section > *');
const picker = (el: PorticoPortal) => el.shadowRoot!.querySelector<HTMLSelectElement>('select#contract-picker');
const text = (node: Element | ShadowRoot | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const open = (el: PorticoPortal, view: string) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>(`nav button[data-view="${view}"]`)!.click();
const heading = (el: PorticoPortal) => text(section(el)?.shadowRoot?.querySelector('h2'));

describe('contract picker of <portico-portal>', () => {
  before(() => useTheme('light'));

  it('is not shown when the session has one contract', async () => {
    const { portalToken, portalContractNumber } = await porticoFixtures();
    const el = await portalWith(portalToken);
    open(el, 'contract');
    await until(() => heading(el) === `Contract ${portalContractNumber}`, 'the contract');
    expect(picker(el)).to.equal(null);
  });

  it('switches the contract of details, usage and cancellation by keyboard, keeping the view', async () => {
    const { multiContractToken, multiContractNumbers } = await porticoFixtures();
    const [first, second] = multiContractNumbers;
    const el = await portalWith(multiContractToken);
    await until(() => section(el)?.localName === 'portico-portal-dashboard', 'the dashboard');
    expect(picker(el), 'no picker on the overview').to.equal(null);

    open(el, 'contract');
    await until(() => heading(el) === `Contract ${first}`, 'the first contract');
    const select = picker(el)!;
    expect(el.shadowRoot!.querySelector('label[for="contract-picker"]')!.textContent!.trim()).to.equal('Contract');
    expect([...select.options].map((option) => text(option).replace(/[\u2068\u2069]/g, ''))).to.deep.equal([
      `${first} – Business`,
      `${second} – Storage`,
    ]);
    expect(text(select.selectedOptions[0])).to.contain(first);
    await expect(el).to.be.accessible();

    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    await until(() => heading(el) === `Contract ${second}`, 'the second contract');
    expect(text(section(el)!.shadowRoot))
      .to.contain('Storage')
      .and.not.contain('Business');
    expect(section(el)!.localName).to.equal('portico-portal-contract');
    expect(deepActiveElement(), 'focus stays on the picker').to.equal(picker(el));
    expect(el.shadowRoot!.querySelector('nav [aria-current="page"]')!.textContent!.trim()).to.equal('Contract details');
    await expect(el).to.be.accessible();

    // Another view of one contract opens on the contract chosen, and switches back the same way.
    open(el, 'usage');
    await until(() => section(el)?.localName === 'portico-portal-usage', 'the usage');
    const secondId = el.session!.contractIds[1]!;
    expect(section(el)!.getAttribute('contract-id')).to.equal(secondId);
    expect(picker(el)!.value).to.equal(secondId);
    const usage = () => text(section(el)?.shadowRoot);
    await until(() => usage().includes('This contract has no metered components.'), 'the second contract’s usage');
    picker(el)!.focus();
    await sendKeys({ press: 'ArrowUp' });
    await until(() => section(el)?.getAttribute('contract-id') === el.session!.contractIds[0], 'the first usage');
    expect(section(el)!.localName).to.equal('portico-portal-usage');
    await until(() => usage().includes('API calls'), 'the first contract’s metered usage');
    expect(usage()).to.not.contain('no metered components');

    open(el, 'cancellation');
    await until(() => section(el)?.localName === 'portico-portal-cancellation', 'the cancellation');
    await until(() => !text(section(el)!.shadowRoot).includes('Loading'), 'the first contract’s terms');
    const firstTerms = text(section(el)!.shadowRoot);
    picker(el)!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await until(() => section(el)?.getAttribute('contract-id') === secondId, 'the second cancellation');
    await until(
      () => !text(section(el)!.shadowRoot).includes('Loading') && text(section(el)!.shadowRoot) !== firstTerms,
      'the second contract’s terms',
    );
    expect(section(el)!.localName).to.equal('portico-portal-cancellation');
    await expect(el).to.be.accessible();
  });

  it('names the plans in the language the customer switches to', async () => {
    const { multiContractToken, multiContractNumbers } = await porticoFixtures();
    const [first, second] = multiContractNumbers;
    const el = await portalWith(multiContractToken);
    open(el, 'contract');
    await until(() => heading(el) === `Contract ${first}`, 'the first contract');
    const options = () => [...picker(el)!.options].map((option) => text(option).replace(/[\u2068\u2069]/g, ''));
    expect(options()).to.deep.equal([`${first} – Business`, `${second} – Storage`]);

    el.lang = 'de';
    await until(() => options()[1] === `${second} – Speicher`, 'the German plan name');
    expect(options()[0]).to.equal(`${first} – Business`);
    expect(el.shadowRoot!.querySelector('label[for="contract-picker"]')!.textContent!.trim()).to.equal('Vertrag');
    expect(picker(el)!.value, 'the contract shown stays chosen').to.equal(el.session!.contractIds[0]);
    await expect(el).to.be.accessible();

    el.lang = 'en';
    await until(() => options()[1] === `${second} – Storage`, 'the English plan name again');
  });

  it('keeps the cancellation shown while a language switch renames the plans (no reload from scratch)', async () => {
    const { multiContractToken } = await porticoFixtures();
    const el = await portalWith(multiContractToken);
    open(el, 'cancellation');
    await until(() => section(el)?.localName === 'portico-portal-cancellation', 'the cancellation');
    const cancellation = section(el)!;
    const loading = () => !!cancellation.shadowRoot?.querySelector('p[role="status"]:not(.message)');
    await until(() => !!cancellation.shadowRoot && !loading() && text(cancellation.shadowRoot) !== '', 'the terms');
    let reloadedFromScratch = false;
    new MutationObserver(() => (reloadedFromScratch ||= loading())).observe(cancellation.shadowRoot!, {
      childList: true,
      subtree: true,
    });

    el.lang = 'de';
    await until(() => picker(el)![1]!.textContent!.includes('Speicher'), 'the German plan name');
    await (cancellation as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    expect(section(el)).to.equal(cancellation);
    expect(reloadedFromScratch, 'the terms were dropped for a loading message').to.equal(false);
    expect(picker(el)!.value).to.equal(el.session!.contractIds[0]);
    el.lang = 'en';
    await until(() => picker(el)![1]!.textContent!.includes('Storage'), 'the English plan name again');
  });
});
