import { expect, fixture, html } from '@open-wc/testing';
import type { CancellationInfo } from '@portico/core';
import './portico-portal-cancellation.ts';
import type { PorticoPortalCancellation } from './cancellation.ts';
import { deepActiveElement, until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

async function cancellationFor(token: string): Promise<PorticoPortalCancellation> {
  const { portalContractId } = await porticoFixtures();
  const { session, client } = await sessionFor(token);
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

const dateInput = (el: PorticoPortalCancellation) => root(el).querySelector<HTMLInputElement>('input[name="end-date"]');

const formatted = (date: string) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function chooseLater(el: PorticoPortalCancellation): Promise<void> {
  root(el).querySelector<HTMLInputElement>('input[name="when"][value="later"]')!.click();
  await until(() => !!dateInput(el), 'the date field');
  await el.updateComplete;
}

function enterDate(el: PorticoPortalCancellation, date: string): void {
  const input = dateInput(el)!;
  input.value = date;
  input.dispatchEvent(new Event('input'));
}

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
    expect(root(el).querySelector('h2')!.textContent!.trim()).to.equal('Cancel contract');

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
    expect(root(el).querySelector('h2')!.textContent!.trim(), 'no "Cancel contract" once cancelled').to.equal(
      'Cancellation',
    );
    await expect(el).to.be.accessible();
    const cancelled = await serverState(el);
    expect(cancelled.endDate).to.equal(info.earliestEndDate);
    expect(cancelled.reason).to.equal('Switching to a yearly plan elsewhere.');

    button(el, 'withdraw')!.click();
    await until(() => !!button(el, 'next'), 'the contract to continue');
    expect(root(el).querySelector('[role="status"].message')!.textContent).to.contain('withdrawn');
    expect(root(el).querySelector('h2')!.textContent!.trim()).to.equal('Cancel contract');
    expect((await serverState(el)).endDate).to.equal(null);
  });

  it('cancels to a later date the customer chooses, confirmed in a second step', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await cancellationFor(portalToken);
    await expect(el).to.be.accessible();
    const info = await serverState(el);
    const later = addDays(info.earliestEndDate!, 45);
    const earliest = formatted(info.earliestEndDate!);
    const earliestRadio = root(el).querySelector<HTMLInputElement>('input[name="when"][value="earliest"]')!;
    expect(earliestRadio.checked, 'the earliest date is the default').to.equal(true);
    expect(earliestRadio.closest('label')!.textContent).to.contain(`At the earliest possible date (${earliest})`);
    expect(dateInput(el), 'no date field before "on a later date" is chosen').to.equal(null);

    await chooseLater(el);
    await expect(el).to.be.accessible();
    expect(dateInput(el)!.min).to.equal(info.earliestEndDate);
    expect(deepActiveElement()).to.equal(dateInput(el));
    enterDate(el, later);
    button(el, 'next')!.click();
    await until(() => !!root(el).querySelector('.confirm-step'), 'the confirmation step');
    expect(text(el)).to.contain(`Your contract will end on ${formatted(later)}`);
    expect(button(el, 'confirm')!.textContent).to.contain(formatted(later));
    expect((await serverState(el)).endDate, 'nothing is cancelled before the confirmation').to.equal(null);

    button(el, 'confirm')!.click();
    await until(() => !!root(el).querySelector('.state'), 'the contract to show its end');
    expect(root(el).querySelector('.state')!.textContent).to.contain(`ending on ${formatted(later)}`);
    await expect(el).to.be.accessible();
    expect((await serverState(el)).endDate).to.equal(later);

    button(el, 'withdraw')!.click();
    await until(() => !!button(el, 'next'), 'the contract to continue');
    expect((await serverState(el)).endDate).to.equal(null);
  });

  it('refuses a date earlier than allowed: in the form, and from the server with the date field marked', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await cancellationFor(portalToken);
    await expect(el).to.be.accessible();
    const info = await serverState(el);
    const tooEarly = addDays(info.earliestEndDate!, -1);

    await chooseLater(el);
    enterDate(el, tooEarly);
    button(el, 'next')!.click();
    await until(() => dateInput(el)!.getAttribute('aria-invalid') === 'true', 'the date field to be marked');
    await expect(el).to.be.accessible();
    const fieldError = root(el).querySelector('#end-date-error')!;
    expect(fieldError.getAttribute('role')).to.equal('alert');
    expect(fieldError.textContent).to.contain(`Choose ${formatted(info.earliestEndDate!)} or a later date.`);
    expect(dateInput(el)!.getAttribute('aria-describedby')).to.contain('end-date-error');
    expect(deepActiveElement()).to.equal(dateInput(el));
    expect(root(el).querySelector('.confirm-step'), 'no confirmation step for a refused date').to.equal(null);

    // Terms that moved since they were shown (the page stayed open over midnight, say): the form's copy of the
    // earliest date is a day too early, so only the server can refuse the date.
    (el as unknown as { info: CancellationInfo }).info = { ...info, earliestEndDate: tooEarly };
    await el.updateComplete;
    enterDate(el, tooEarly);
    button(el, 'next')!.click();
    await until(() => !!button(el, 'confirm'), 'the confirm button');
    button(el, 'confirm')!.click();
    await until(() => !!dateInput(el) && dateInput(el)!.getAttribute('aria-invalid') === 'true', 'the refusal');
    expect(root(el).querySelector('[role="alert"].alert')!.textContent).to.contain('cannot end on the date you chose');
    expect(root(el).querySelector('#end-date-error')!.textContent).to.contain(
      `Choose ${formatted(info.earliestEndDate!)} or a later date.`,
    );
    expect(dateInput(el)!.min, 'the form shows the server’s earliest date again').to.equal(info.earliestEndDate);
    expect(deepActiveElement()).to.equal(dateInput(el));
    await expect(el).to.be.accessible();
    expect((await serverState(el)).endDate, 'nothing was cancelled').to.equal(null);
  });

  it('shows the server’s refusal to a person without the contract permission', async () => {
    const { memberToken } = await porticoFixtures();
    const el = await cancellationFor(memberToken);
    await expect(el).to.be.accessible();
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('not allowed');
    expect(button(el, 'next')).to.equal(null);
  });
});
