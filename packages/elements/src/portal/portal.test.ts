import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../portico-portal.ts';
import type { PorticoPortal } from './portal.ts';
import { SECTIONS } from './sections.ts';
import { takeTokenFromLocation } from './token.ts';
import { deepActiveElement, until } from '../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../testing/fixtures.ts';
import type { PorticoSessionExpiredEvent } from '../events/session-expired-event.ts';

async function portalWith(token: string, warnBefore = 120): Promise<PorticoPortal> {
  const { tenant } = await porticoFixtures();
  const el = await fixture<PorticoPortal>(
    html`<portico-portal lang="en" tenant=${tenant} warn-before=${warnBefore} .token=${token}></portico-portal>`,
  );
  await until(() => !!el.shadowRoot!.querySelector('nav, [role="alert"]'), 'the portal to open');
  return el;
}

const navButtons = (el: PorticoPortal) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('nav button')];
const current = (el: PorticoPortal) =>
  navButtons(el)
    .filter((button) => button.getAttribute('aria-current') === 'page')
    .map((button) => button.textContent!.trim());
const section = (el: PorticoPortal) => el.shadowRoot!.querySelector('.section > *');

/** A portal without a token, as after a reload of the tab (the fragment was taken out of the address). */
async function reloaded(): Promise<PorticoPortal> {
  const { tenant } = await porticoFixtures();
  const el = await fixture<PorticoPortal>(html`<portico-portal lang="en" tenant=${tenant}></portico-portal>`);
  await until(
    () => !!el.shadowRoot!.querySelector('nav, portico-portal-request-link, [role="alert"]'),
    'the portal or the request-a-link page',
  );
  return el;
}

const storedSessionKey = 'portico-portal-session:demo';

describe('<portico-portal>', () => {
  before(() => useTheme('light'));
  beforeEach(() => sessionStorage.clear());
  after(() => sessionStorage.clear());

  it('explains how to open the portal when there is no token', async () => {
    const el = await fixture<PorticoPortal>(html`<portico-portal tenant="demo"></portico-portal>`);
    await until(() => !!el.shadowRoot!.querySelector('portico-portal-request-link')?.shadowRoot, 'the form');
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.textContent).to.contain('link in your invoice e-mail');
  });

  it('takes the token from the address bar and removes it', () => {
    const before = window.location.href;
    history.replaceState(null, '', `${window.location.pathname}?keep=1#token=abc.def.ghi`);
    try {
      expect(takeTokenFromLocation()).to.equal('abc.def.ghi');
      expect(window.location.hash).to.equal('');
      expect(window.location.search).to.equal('?keep=1');
      expect(takeTokenFromLocation()).to.equal(null);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('shows a permission the owner granted once it opens the same link again', async () => {
    const { grantee, endingTrial } = await porticoFixtures();
    const before = await portalWith(grantee.token);
    const labels = (el: PorticoPortal) => navButtons(el).map((button) => button.textContent!.trim());
    expect(labels(before)).not.to.include('Contract details');
    const owner = await sessionFor(endingTrial.token);
    await owner.client.send('PATCH', `/persons/${grantee.personId}`, { permissions: ['usage', 'contract'] });
    // A reload of the page: the same link, a fresh session.
    const after = await portalWith(grantee.token);
    await expect(after).to.be.accessible();
    expect(labels(after)).to.include('Contract details');
  });

  it('stays signed in across a reload of the tab, on the section shown, without keeping the link', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await portalWith(portalToken);
    navButtons(el)
      .find((button) => button.dataset.view === 'invoices')!
      .click();
    await until(() => section(el)?.localName === 'portico-portal-invoices', 'the invoices');
    const stored = JSON.stringify(Object.fromEntries(Object.entries(sessionStorage)));
    expect(stored).to.contain(el.session!.sessionToken);
    expect(stored).to.not.contain(portalToken);
    el.remove();

    const again = await reloaded();
    expect(again.shadowRoot!.querySelector('nav'), again.shadowRoot!.textContent!).to.not.equal(null);
    await until(() => section(again)?.localName === 'portico-portal-invoices', 'the invoices again');
    expect(current(again)).to.deep.equal(['All invoices']);
    await expect(again).to.be.accessible();
  });

  it('drops a stored session that has expired or is malformed', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await portalWith(portalToken);
    el.remove();
    const record = JSON.parse(sessionStorage.getItem(storedSessionKey)!);
    record.session.expiresAt = new Date(Date.now() - 60_000).toISOString();
    sessionStorage.setItem(storedSessionKey, JSON.stringify(record));
    const expired = await reloaded();
    expect(expired.shadowRoot!.querySelector('portico-portal-request-link')).to.not.equal(null);
    expect(sessionStorage.getItem(storedSessionKey)).to.equal(null);
    expired.remove();

    for (const bad of ['{', JSON.stringify({ ...record, session: { sessionToken: 'x' } })]) {
      sessionStorage.setItem(storedSessionKey, bad);
      const refused = await reloaded();
      expect(refused.shadowRoot!.querySelector('nav')).to.equal(null);
      expect(sessionStorage.getItem(storedSessionKey)).to.equal(null);
      refused.remove();
    }
  });

  it('opens a link pasted into the same tab, where only the fragment changes', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await reloaded();
    expect(el.shadowRoot!.querySelector('portico-portal-request-link')).to.not.equal(null);
    const before = window.location.href;
    try {
      window.location.hash = `token=${portalToken}`;
      await until(() => !!el.shadowRoot!.querySelector('nav'), 'the portal to open');
      expect(window.location.hash).to.equal('');
      const first = el.session!.sessionToken;
      // The same link once more opens a fresh session.
      window.location.hash = `token=${portalToken}`;
      await until(() => !!el.session && el.session.sessionToken !== first, 'a new session');
      expect(window.location.hash).to.equal('');
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('opens on the dashboard with every section the owner may see', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await portalWith(portalToken);
    await until(() => section(el)?.localName === 'portico-portal-dashboard', 'the dashboard');
    await expect(el).to.be.accessible();
    expect(navButtons(el).map((button) => button.textContent!.trim())).to.deep.equal([
      'Overview',
      'Contract details',
      'All invoices',
      'Usage statistics',
      'Billing address',
      'Payment data',
      'Cancellation',
      'Authorised personnel',
    ]);
    expect(current(el)).to.deep.equal(['Overview']);
    // Formatted when the browser is idle after the first view.
    await until(
      () => !!el.shadowRoot!.querySelector('.expiry')!.textContent?.includes('Signed in until'),
      'the session expiry',
    );
    expect(el.session!.sessionToken).to.be.a('string');
  });

  it('opens every section of the section table as its element, sections of one contract with the contract', async () => {
    const { portalToken, portalContractId } = await porticoFixtures();
    const el = await portalWith(portalToken);
    expect(navButtons(el).map((button) => button.dataset.view)).to.deep.equal(SECTIONS.map((row) => row.view));
    for (const row of SECTIONS) {
      navButtons(el)
        .find((button) => button.dataset.view === row.view)!
        .click();
      await until(() => section(el)?.localName === row.tag && !!customElements.get(row.tag), row.tag);
      expect(current(el), row.view).to.deep.equal([row.label()]);
      const contractId = section(el)!.getAttribute('contract-id');
      expect(contractId, row.view).to.equal(
        row.contract === 'one' ? portalContractId : row.contract === 'filter' ? '' : null,
      );
    }
  });

  it('moves between sections by keyboard and focuses the section heading', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await portalWith(portalToken);
    navButtons(el)
      .find((button) => button.textContent!.includes('All invoices'))!
      .focus();
    await sendKeys({ press: 'Enter' });
    await until(() => section(el)?.localName === 'portico-portal-invoices', 'the invoices');
    await until(() => deepActiveElement()?.localName === 'h2', 'focus on the heading');
    expect(deepActiveElement()!.textContent).to.contain('Invoices and credit notes');
    expect(current(el)).to.deep.equal(['All invoices']);

    navButtons(el)
      .find((button) => button.textContent!.includes('Authorised personnel'))!
      .focus();
    await sendKeys({ press: 'Space' });
    await until(() => deepActiveElement()?.textContent?.includes('Authorised personnel') === true, 'personnel');
    expect(current(el)).to.deep.equal(['Authorised personnel']);
  });

  it('opens a contract from the dashboard’s "Manage" button', async () => {
    const { portalToken, portalContractNumber } = await porticoFixtures();
    const el = await portalWith(portalToken);
    await until(() => !!section(el)?.shadowRoot?.querySelector('li.contract button'), 'the dashboard');
    section(el)!.shadowRoot!.querySelector<HTMLButtonElement>('li.contract button')!.click();
    await until(
      () => deepActiveElement()?.textContent?.includes(`Contract ${portalContractNumber}`) === true,
      'details',
    );
    expect(current(el)).to.deep.equal(['Contract details']);
  });

  it('loads the shown section again when the language changes, without navigating', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await portalWith(portalToken);
    navButtons(el)
      .find((button) => button.textContent!.includes('Contract details'))!
      .click();
    // The fixtures' contract with components (the session has two; the picker names the one shown), and the section
    // element that shows it, taken when it shows it (not a moment later).
    const { portalContractId } = await porticoFixtures();
    const picker = el.shadowRoot!.querySelector<HTMLSelectElement>('#contract-picker');
    if (picker && picker.value !== portalContractId) {
      picker.value = portalContractId;
      picker.dispatchEvent(new Event('change'));
    }
    let contract: Element | null = null;
    await until(() => {
      const shown = section(el);
      const picked = el.shadowRoot!.querySelector<HTMLSelectElement>('#contract-picker');
      if (shown?.shadowRoot?.querySelector('tbody td') && (!picked || picked.value === portalContractId)) {
        contract = shown;
      }
      return contract !== null;
    }, 'the contract');
    const shownContract = contract as unknown as Element;
    const text = () => shownContract.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    const german: Record<string, string> = {
      'Additional seats': 'Zusätzliche Plätze',
      'Priority support': 'Priorisierter Support',
      'API calls': 'API-Aufrufe',
      'Signed documents': 'Signierte Dokumente',
    };
    const components = Object.keys(german).filter((name) => text().includes(name));
    expect(text()).to.match(/Monthly|Yearly/);
    expect(components).to.not.be.empty;

    el.lang = 'de';
    await until(() => /Monatlich|Jährlich/.test(text()), 'the plan in German');
    for (const name of components) expect(text()).to.contain(german[name]).and.not.contain(name);
    expect(section(el), 'the same section element, not opened again').to.equal(shownContract);
    expect(current(el)).to.deep.equal(['Vertragsdetails']);
    await expect(el).to.be.accessible();
    el.lang = 'en';
  });

  it('shows the SEPA mandate text in the new language when the language changes during a replacement', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await portalWith(portalToken);
    navButtons(el)
      .find((button) => button.textContent!.includes('Payment data'))!
      .click();
    await until(() => !!section(el)?.shadowRoot?.querySelector('button.replace'), 'the payment data');
    const paymentData = section(el)!;
    paymentData.shadowRoot!.querySelector<HTMLButtonElement>('button.replace')!.click();
    await until(() => !!paymentData.shadowRoot!.querySelector('form portico-payment')?.shadowRoot, 'the form');
    const block = paymentData.shadowRoot!.querySelector('portico-payment')!;
    block.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"][value="sepa"]')!.click();
    const mandate = () => block.shadowRoot!.querySelector('.mandate')?.textContent?.replace(/\s+/g, ' ') ?? '';
    await until(() => mandate().includes('I authorise Northwind Cloud'), 'the English mandate text');

    el.lang = 'de';
    await until(() => mandate().includes('Ich ermächtige Northwind Cloud'), 'the German mandate text');
    expect(mandate()).to.contain('Erstattung des belasteten Betrages').and.not.contain('I authorise');
    expect(paymentData.shadowRoot!.querySelector('form portico-payment')).to.equal(block, 'the form stays open');
    expect(section(el)).to.equal(paymentData);
    await expect(el).to.be.accessible();
    el.lang = 'en';
    await until(() => mandate().includes('I authorise Northwind Cloud'), 'the English mandate text again');
  });

  it('lets the page style every primary button through ::part(primary-button)', async () => {
    const style = document.createElement('style');
    style.textContent = 'portico-portal::part(primary-button) { scroll-margin-top: 7px; }';
    document.head.append(style);
    try {
      const styled = (root: ShadowRoot | null | undefined, selector: string) =>
        getComputedStyle(root!.querySelector(selector)!).scrollMarginTop;
      const { portalToken } = await porticoFixtures();
      const el = await portalWith(portalToken, 24 * 3600);
      expect(styled(el.shadowRoot, 'button.extend')).to.equal('7px');

      navButtons(el)
        .find((button) => button.textContent!.includes('Billing address'))!
        .click();
      await until(() => !!section(el)?.shadowRoot?.querySelector('button.edit'), 'the billing address');
      section(el)!.shadowRoot!.querySelector<HTMLButtonElement>('button.edit')!.click();
      await until(() => !!section(el)!.shadowRoot!.querySelector('button.save'), 'the form');
      expect(styled(section(el)!.shadowRoot, 'button.save')).to.equal('7px');

      navButtons(el)
        .find((button) => button.textContent!.includes('Authorised personnel'))!
        .click();
      await until(
        () =>
          section(el)?.localName === 'portico-portal-personnel' &&
          !!section(el)!.shadowRoot?.querySelector('button[type="submit"]'),
        'the invitation form',
      );
      expect(styled(section(el)!.shadowRoot, 'button[type="submit"]')).to.equal('7px');
      await expect(el).to.be.accessible();

      sessionStorage.clear(); // a tab without a session
      const signedOut = await fixture<PorticoPortal>(html`<portico-portal tenant="demo" lang="en"></portico-portal>`);
      await until(
        () => !!signedOut.shadowRoot!.querySelector('portico-portal-request-link')?.shadowRoot?.querySelector('form'),
        'the request form',
      );
      const form = signedOut.shadowRoot!.querySelector('portico-portal-request-link')!.shadowRoot;
      expect(styled(form, 'button[type="submit"]')).to.equal('7px');
    } finally {
      style.remove();
    }
  });

  it('opens the section a deep link names', async () => {
    const { invoicesLinkToken } = await porticoFixtures();
    const el = await portalWith(invoicesLinkToken);
    await until(() => section(el)?.localName === 'portico-portal-invoices', 'the invoices');
    expect(current(el)).to.deep.equal(['All invoices']);
  });

  it('hides the sections a member may not see', async () => {
    const { memberToken } = await porticoFixtures();
    const el = await portalWith(memberToken);
    await expect(el).to.be.accessible();
    expect(navButtons(el).map((button) => button.textContent!.trim())).to.deep.equal(['Overview', 'Usage statistics']);
  });

  it('warns before the session ends and extends it on "Stay signed in"', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await portalWith(portalToken, 24 * 3600);
    const warning = el.shadowRoot!.querySelector('.session-warning[role="status"]')!;
    expect(warning.textContent).to.contain('Do you want to stay signed in?');
    await expect(el).to.be.accessible();
    const before = el.session!.sessionToken;
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.extend')!.click();
    await until(() => warning.textContent!.includes('You stay signed in until'), 'the extension');
    expect(el.session!.sessionToken).not.to.equal(before);
  });

  it('offers a new link when the token is refused, and confirms the request either way', async () => {
    const { tenant, portalContractNumber, portalOwnerEmail } = await porticoFixtures();
    const el = document.createElement('portico-portal');
    el.lang = 'en';
    el.tenant = tenant;
    el.token = 'not.a.token';
    const expired = oneEvent(el, 'portico-session-expired') as Promise<PorticoSessionExpiredEvent>;
    (await fixture(html`<div></div>`)).append(el);
    expect((await expired).detail.reason).to.equal('token_invalid');
    await until(
      () => !!el.shadowRoot!.querySelector('portico-portal-request-link')?.shadowRoot?.querySelector('form'),
      'form',
    );
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('Request a new link');
    const form = el.shadowRoot!.querySelector('portico-portal-request-link')!;
    const root = form.shadowRoot!;
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => !!root.querySelector('#contractNumber-error'), 'the field errors');
    root.querySelector<HTMLInputElement>('[name="contractNumber"]')!.value = portalContractNumber;
    root.querySelector<HTMLInputElement>('[name="email"]')!.value = portalOwnerEmail;
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => root.textContent!.includes('we have sent you a new link'), 'the confirmation');
  });

  it('signs out (revoking the link), which ends other sessions of the same link', async () => {
    const { revocableToken } = await porticoFixtures();
    const first = await portalWith(revocableToken);
    const second = await portalWith(revocableToken);
    // Let both dashboards finish loading first: a dashboard request still in flight at sign-out would
    // (rightly) end the second session before the test looks at it.
    for (const portal of [first, second]) {
      await until(() => !!section(portal)?.shadowRoot?.querySelector('li.contract'), 'the dashboard');
    }
    first.shadowRoot!.querySelector<HTMLButtonElement>('button.logout')!.click();
    await until(() => first.shadowRoot!.textContent!.includes('You are signed out'), 'the sign-out');
    await until(() => deepActiveElement() === first.shadowRoot!.querySelector('.message'), 'focus on the message');

    expect(second.shadowRoot!.querySelector('nav'), second.shadowRoot!.textContent!).to.not.equal(null);
    const expired = oneEvent(second, 'portico-session-expired') as Promise<PorticoSessionExpiredEvent>;
    navButtons(second)
      .find((button) => button.textContent!.includes('All invoices'))!
      .click();
    expect((await expired).detail.reason).to.equal('token_revoked');
    await until(() => !!second.shadowRoot!.querySelector('[role="alert"]'), 'the expired message');
    expect(second.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('no longer valid');

    const again = await portalWith(revocableToken);
    expect(again.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('no longer valid');
    // Signing out forgot the tab's session: a reload shows the request-a-link page.
    expect(sessionStorage.getItem(storedSessionKey)).to.equal(null);
    const afterReload = await reloaded();
    expect(afterReload.shadowRoot!.querySelector('nav')).to.equal(null);
    expect(afterReload.shadowRoot!.querySelector('portico-portal-request-link')).to.not.equal(null);
  });
});
