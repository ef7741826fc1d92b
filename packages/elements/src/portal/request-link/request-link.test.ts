import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './portico-portal-request-link.ts';
import type { PorticoPortalRequestLink } from './request-link.ts';
import { deepActiveElement, until } from '../../testing/dom.ts';
import { porticoFixtures, useTheme } from '../../testing/fixtures.ts';

describe('<portico-portal-request-link>', () => {
  before(() => useTheme('light'));

  it('checks the fields, then confirms without telling whether they matched', async () => {
    const { tenant, portalContractNumber } = await porticoFixtures();
    const el = await fixture<PorticoPortalRequestLink>(
      html`<portico-portal-request-link lang="en" tenant=${tenant}></portico-portal-request-link>`,
    );
    await expect(el).to.be.accessible();
    const root = el.shadowRoot!;
    const input = (name: string) => root.querySelector<HTMLInputElement>(`[name="${name}"]`)!;

    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => !!root.querySelector('#email-error'), 'the field errors');
    await expect(el).to.be.accessible();
    expect(root.querySelector('#contractNumber-error')!.textContent).to.contain('Enter your contract number.');
    expect(input('contractNumber').getAttribute('aria-describedby')).to.equal('contractNumber-error');
    expect(deepActiveElement()).to.equal(input('contractNumber'));

    await sendKeys({ type: portalContractNumber });
    input('email').focus();
    await sendKeys({ type: 'nobody-at-all' });
    await sendKeys({ press: 'Enter' });
    await until(() => root.querySelector('#contractNumber-error') === null, 'the contract number error to go');
    // The signup's wording of the same rule (and the server's field message).
    expect(root.querySelector('#email-error')!.textContent!.trim()).to.equal(
      'Please enter an e-mail address like name@example.com.',
    );

    input('email').value = '';
    input('email').focus();
    await sendKeys({ type: 'nobody@unknown.example' });
    await sendKeys({ press: 'Enter' });
    await until(() => root.textContent!.includes('we have sent you a new link'), 'the confirmation');
    expect(deepActiveElement()).to.equal(root.querySelector('[role="status"]'));
    await expect(el).to.be.accessible();
  });
});
