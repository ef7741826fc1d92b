import { expect, fixture, html } from '@open-wc/testing';
import type { CancellationInfo } from '@portico/core';
import './portico-portal-cancellation.ts';
import type { PorticoPortalCancellation } from './cancellation.ts';
import { deepActiveElement, openSession, until } from '../testing.ts';
import { porticoFixtures, useTheme } from '../../testing/fixtures.ts';

async function cancellationFor(token: string): Promise<PorticoPortalCancellation> {
  const { tenant, portalContractId } = await porticoFixtures();
  const { session, client } = await openSession(tenant, token);
  const el = await fixture<PorticoPortalCancellation>(
    html`<portico-portal-cancellation
      lang="en"
      contract-id=${portalContractId}
      .client=${client}
      .session=${session}
    ></portico-portal-cancellation>`,
  );
  await until(() => !el.shadowRoot!.textContent!.includes('Loading'), 'the cancellation terms to load');
  return el;
}

const root = (el: PorticoPortalCancellation) => el.shadowRoot!;
const button = (el: PorticoPortalCancellation, name: string) =>
  root(el).querySelector<HTMLButtonElement>(`button.${name}`);
const text = (el: PorticoPortalCancellation) => root(el).textContent!.replace(/\s+/g, ' ');

async function serverState(el: PorticoPortalCancellation): Promise<CancellationInfo> {
  const { portalContractId } = await porticoFixtures();
  return el.client!.get<CancellationInfo>(`/contracts/${portalContractId}/cancellation`);
}

describe('<portico-portal-cancellation>', () => {
  before(() => useTheme('light'));

  it('shows the earliest end date first and cancels only after a second confirmation, then withdraws', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await cancellationFor(portalToken);
    await expect(el).to.be.accessible();
    const info = await serverState(el);
    expect(info.endDate).to.equal(null);
    const earliest = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${info.earliestEndDate}T00:00:00Z`),
    );
    expect(root(el).querySelector('.end')!.textContent).to.contain(earliest);

    const reason = root(el).querySelector<HTMLTextAreaElement>('textarea[name="reason"]')!;
    reason.value = 'Switching to a yearly plan elsewhere.';
    reason.dispatchEvent(new Event('input'));
    button(el, 'next')!.click();
    await until(() => !!root(el).querySelector('.confirm-step'), 'the confirmation step');
    await expect(el).to.be.accessible();
    expect(deepActiveElement()).to.equal(root(el).querySelector('.confirm-step h3'));
    expect(text(el)).to.contain(`Your contract will end on ${earliest}`);
    expect((await serverState(el)).endDate, 'nothing is cancelled before the confirmation').to.equal(null);

    button(el, 'back')!.click();
    await until(() => !root(el).querySelector('.confirm-step'), 'the first step again');
    expect(root(el).querySelector<HTMLTextAreaElement>('textarea[name="reason"]')!.value).to.contain('yearly plan');
    button(el, 'next')!.click();
    await until(() => !!button(el, 'confirm'), 'the confirm button');
    button(el, 'confirm')!.click();
    await until(() => !!root(el).querySelector('.state'), 'the contract to show its end');
    expect(root(el).querySelector('.state')!.textContent).to.contain(`ending on ${earliest}`);
    expect(root(el).querySelector('[role="status"].message')!.textContent).to.contain('confirmation by e-mail');
    await expect(el).to.be.accessible();
    const cancelled = await serverState(el);
    expect(cancelled.endDate).to.equal(info.earliestEndDate);
    expect(cancelled.reason).to.equal('Switching to a yearly plan elsewhere.');

    button(el, 'withdraw')!.click();
    await until(() => !!button(el, 'next'), 'the contract to continue');
    expect(root(el).querySelector('[role="status"].message')!.textContent).to.contain('withdrawn');
    expect((await serverState(el)).endDate).to.equal(null);
  });

  it('shows the server’s refusal to a person without the contract permission', async () => {
    const { memberToken } = await porticoFixtures();
    const el = await cancellationFor(memberToken);
    await expect(el).to.be.accessible();
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('not allowed');
    expect(button(el, 'next')).to.equal(null);
  });
});
