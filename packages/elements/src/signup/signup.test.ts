import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../portico-signup.ts';
import type { PorticoSignup } from './signup.ts';
import { porticoFixtures, useTheme } from '../testing/fixtures.ts';

describe('<portico-signup>', () => {
  before(() => useTheme('light'));

  it('shows the plan variant from the server, accessibly', async () => {
    const { tenant, signupVariantId } = await porticoFixtures();
    const el = await fixture<PorticoSignup>(
      html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId} lang="en-GB"></portico-signup>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('h1'), 'plan did not load');
    await expect(el).to.be.accessible();
    const text = el.shadowRoot!.textContent ?? '';
    expect(el.shadowRoot!.querySelector('h1')!.textContent).to.match(/Starter|Business/);
    expect(text).to.match(/€\d/);
    expect(text).to.match(/per (month|year)/);
  });

  it('announces a loading state while the plan loads', async () => {
    const { tenant, signupVariantId } = await porticoFixtures();
    const el = await fixture<PorticoSignup>(
      html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId}></portico-signup>`,
    );
    // The first render happens before the answer arrives.
    const status = el.shadowRoot!.querySelector('[role="status"]');
    expect(status?.textContent).to.contain('Loading');
    expect(el.shadowRoot!.querySelector('[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    await waitUntil(() => el.shadowRoot?.querySelector('h1'));
  });

  it('tells the customer when the plan variant does not exist and emits portico-error', async () => {
    const { tenant } = await porticoFixtures();
    const el = document.createElement('portico-signup');
    const errorEvent = oneEvent(el, 'portico-error');
    el.tenant = tenant;
    el.planVariant = '00000000-0000-4000-8000-000000000000';
    document.body.append(el);
    const event = await errorEvent;
    expect(event.detail.code).to.equal('not_found');
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role="alert"]');
    expect(alert?.textContent).to.contain('not available');
    await expect(el).to.be.accessible();
    el.remove();
  });
});
