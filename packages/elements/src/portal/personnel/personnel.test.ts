import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './portico-portal-personnel.ts';
import type { PorticoPortalPersonnel } from './personnel.ts';
import { deepActiveElement, until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

async function personnelFor(token: string): Promise<PorticoPortalPersonnel> {
  const { session, client } = await sessionFor(token);
  const el = await fixture<PorticoPortalPersonnel>(
    html`<portico-portal-personnel lang="en" .client=${client} .session=${session}></portico-portal-personnel>`,
  );
  await until(() => !el.shadowRoot!.textContent!.includes('Loading persons'), 'the persons to load');
  return el;
}

const $ = <E extends Element = HTMLElement>(el: PorticoPortalPersonnel, selector: string) =>
  el.shadowRoot!.querySelector<E & Element>(selector) as E;
const persons = (el: PorticoPortalPersonnel) => [...el.shadowRoot!.querySelectorAll('ul.persons > li')];

async function fillInvite(el: PorticoPortalPersonnel, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const input = $<HTMLInputElement>(el, `form.invite [name="${name}"]`);
    input.focus();
    input.value = '';
    await sendKeys({ type: value });
  }
}

async function submitInvite(el: PorticoPortalPersonnel): Promise<void> {
  $<HTMLButtonElement>(el, 'form.invite button[type="submit"]').click();
  await el.updateComplete;
}

describe('<portico-portal-personnel>', () => {
  before(() => useTheme('light'));

  it('lists the persons with contact details and roles', async () => {
    const { portalToken, portalOwnerEmail } = await porticoFixtures();
    const el = await personnelFor(portalToken);
    await expect(el).to.be.accessible();
    const text = persons(el).map((li) => li.textContent!.replace(/\s+/g, ' '));
    expect(text.some((t) => t.includes(portalOwnerEmail) && t.includes('Owner'))).to.equal(true);
    expect(text.some((t) => t.includes('Petra Klein') && t.includes('Administrator'))).to.equal(true);
    expect(text.some((t) => t.includes('Tom Becker') && t.includes('Member'))).to.equal(true);
    expect($(el, 'form.invite')).to.not.equal(null);
  });

  it('checks the invite form before sending and moves focus to the first error', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await personnelFor(portalToken);
    await submitInvite(el);
    await until(() => $(el, '#email-error') !== null, 'the field errors');
    await expect(el).to.be.accessible();
    expect($(el, '#email-error').textContent).to.contain('Enter an e-mail address');
    expect($(el, '#firstName-error').textContent).to.contain('Enter a first name');
    expect($(el, '#lastName-error').textContent).to.contain('Enter a last name');
    const email = $<HTMLInputElement>(el, 'form.invite [name="email"]');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(email.getAttribute('aria-describedby')).to.equal('email-error');
    expect(deepActiveElement()).to.equal(email);

    await fillInvite(el, { email: 'not-an-address', firstName: 'Max', lastName: 'Muster' });
    await submitInvite(el);
    expect($(el, '#email-error').textContent).to.contain('name@example.com');
    expect($(el, '#firstName-error')).to.equal(null);
  });

  it('shows the server’s error on its field', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await personnelFor(portalToken);
    const existing = persons(el).find((li) => li.textContent!.includes('Petra Klein'))!;
    const email = existing.querySelector('a[href^="mailto:"]')!.textContent!;
    await fillInvite(el, { email, firstName: 'Petra', lastName: 'Klein' });
    await submitInvite(el);
    await until(() => $(el, '#email-error') !== null, 'the server’s field error');
    expect($<HTMLInputElement>(el, 'form.invite [name="email"]').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#email-error').textContent!.length).to.be.greaterThan(0);
  });

  it('invites a person, changes the role and removes the person after confirmation', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await personnelFor(portalToken);
    const email = `new.${Date.now()}@acme-analytics.example`;
    await fillInvite(el, { email, firstName: 'Nora', lastName: 'Neu' });
    await submitInvite(el);
    await until(() => persons(el).some((li) => li.textContent!.includes(email)), 'the invited person');
    expect($(el, '[role="status"]').textContent).to.contain(`we sent a link to ${email}`);
    const invited = () => persons(el).find((li) => li.textContent!.includes(email))!;
    expect(invited().querySelector('.role')!.textContent).to.contain('Member');
    expect(invited().querySelector('.permissions')!.textContent).to.contain('Invoices');

    invited().querySelector<HTMLButtonElement>('button[aria-label="Change role of Nora Neu"]')!.click();
    await el.updateComplete;
    const form = invited().querySelector<HTMLFormElement>('form.edit')!;
    expect(deepActiveElement()).to.equal(form.querySelector('select'));
    form.querySelector<HTMLSelectElement>('select')!.value = 'admin';
    form.querySelector<HTMLInputElement>('input[value="personnel"]')!.checked = true;
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => invited().querySelector('.role')!.textContent!.includes('Administrator'), 'the new role');
    expect(invited().querySelector('.permissions')!.textContent).to.contain('Authorised personnel');

    invited().querySelector<HTMLButtonElement>('button[aria-label="Remove Nora Neu"]')!.click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const confirm = invited().querySelector<HTMLButtonElement>('.confirm .danger')!;
    expect(deepActiveElement()).to.equal(confirm);
    confirm.click();
    await until(() => !persons(el).some((li) => li.textContent!.includes(email)), 'the person to be removed');
    expect($(el, '[role="status"]').textContent).to.contain('Nora Neu no longer has access.');
  });

  it('offers an admin only what they may do: their own permissions, nobody who holds more', async () => {
    const { limitedAdminToken } = await porticoFixtures();
    const el = await personnelFor(limitedAdminToken);
    await expect(el).to.be.accessible();
    const card = (name: string) => persons(el).find((li) => li.querySelector('strong')!.textContent === name)!;
    // The owner and the admin with every permission hold more: no change, no removal.
    expect(card('Jonas Weber').querySelectorAll('button').length).to.equal(0);
    expect(card('Petra Klein').querySelectorAll('button').length).to.equal(0);
    expect(card('Lena Limited').querySelectorAll('button').length).to.equal(0);
    // The invitation grants only what the admin holds.
    const offered = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('form.invite input[name="permissions"]')];
    expect(offered.map((input) => input.value)).to.deep.equal(['invoices', 'usage', 'personnel']);
    // The member holds less: changeable, but only in the admin's permissions.
    card('Tom Becker').querySelector<HTMLButtonElement>('button[aria-label="Change role of Tom Becker"]')!.click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const boxes = [...card('Tom Becker').querySelectorAll<HTMLInputElement>('form.edit input[name="permissions"]')];
    expect(boxes.filter((box) => !box.disabled).map((box) => box.value)).to.deep.equal([
      'invoices',
      'usage',
      'personnel',
    ]);
  });

  it('shows the server’s refusal to a member without the personnel permission', async () => {
    const { memberToken } = await porticoFixtures();
    const el = await personnelFor(memberToken);
    await expect(el).to.be.accessible();
    expect($(el, '[role="alert"]').textContent).to.contain('not allowed');
    expect($(el, 'form.invite')).to.equal(null);
  });
});
