import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ReceivedMail } from './support/mailbox.ts';
import { usePortico } from './support/portico.ts';

/** The demo seed's customer 10001: contract 20001, owned by Anna Schmidt, with an admin and a member. */
const CONTRACT_NUMBER = '20001';
const OWNER_EMAIL = 'anna.schmidt@acme-analytics.example';

function portalLink(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+\/demo\/portal\S*#token=[\w.-]+/.exec(mail.text)?.[0];
  assert.ok(link, `no portal link in the e-mail:\n${mail.text}`);
  return link;
}

describe('customer portal in Chromium', () => {
  const e2e = usePortico({ mailbox: true, publicUrl: true });

  /** Asks for a link on the portal page's form and returns the link from the e-mail that arrives. */
  async function requestLink(): Promise<string> {
    const seen = e2e.mailbox.messages.length;
    const { page: request } = await e2e.open(`${e2e.portico.url}/demo/portal`);
    const form = request.locator('portico-portal-request-link form');
    await form.locator('[name="contractNumber"]').fill(CONTRACT_NUMBER);
    await form.locator('[name="email"]').fill(OWNER_EMAIL);
    await form.getByRole('button', { name: 'Send me a new link' }).click();
    await request.locator('portico-portal-request-link').getByText('we have sent you a new link').waitFor();
    await request.close();
    const mail = await e2e.mailbox.waitForMail((m) => m.envelopeTo.includes(OWNER_EMAIL), { since: seen });
    return portalLink(mail);
  }

  /** The same link with the page language set: the assertions below read English labels. */
  function withLanguage(url: string, language: string): string {
    const parsed = new URL(url);
    parsed.searchParams.set('language', language);
    return parsed.toString();
  }

  async function openPortal(url: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
    return openPortalAsIs(withLanguage(url, 'en'), prepare);
  }

  async function openPortalAsIs(url: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
    const { page, errors } = await e2e.open(url, { prepare });
    await page.locator('portico-portal-dashboard h2').waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token must leave the address bar');
    assert.deepEqual(errors, []);
    return page;
  }

  const nav = (page: Page) => page.locator('portico-portal nav button');
  const navLabels = async (page: Page) => (await nav(page).allTextContents()).map((label) => label.trim());

  it('opens from an e-mail link, downloads an invoice PDF, invites a person whose own link has narrower rights', async () => {
    // Without a link, the portal page offers to e-mail one: the customer asks for it.
    const link = await requestLink();

    // The link in the e-mail opens the dashboard with every section the owner may see.
    // The e-mailed link speaks the language the form was shown in (here the tenant's default, English); opened in
    // German, the portal speaks German.
    assert.equal(new URL(link).searchParams.get('language'), 'en');
    const german = await openPortalAsIs(withLanguage(link, 'de'));
    assert.ok((await navLabels(german)).includes('Übersicht'), (await navLabels(german)).join(', '));
    await german.close();

    const page = await openPortal(link);
    const ownerSections = await navLabels(page);
    for (const section of ['Overview', 'Contract details', 'All invoices', 'Authorised personnel']) {
      assert.ok(ownerSections.includes(section), `the owner misses ${section}: ${ownerSections.join(', ')}`);
    }
    await page.locator('portico-portal-dashboard li.contract', { hasText: CONTRACT_NUMBER }).waitFor();

    // All invoices → download the first PDF (fetched with the session's bearer token, saved from a blob).
    await nav(page).filter({ hasText: 'All invoices' }).click();
    const firstDownload = page.locator('portico-portal-invoices tbody tr button').first();
    await firstDownload.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), firstDownload.click()]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');

    // Authorised personnel → invite a member who may only see invoices.
    await nav(page).filter({ hasText: 'Authorised personnel' }).click();
    const invite = page.locator('portico-portal-personnel form.invite');
    const email = `ida.invitee.${Date.now()}@example.com`;
    await invite.locator('[name="email"]').fill(email);
    await invite.locator('[name="firstName"]').fill('Ida');
    await invite.locator('[name="lastName"]').fill('Invitee');
    await invite.locator('[name="role"]').selectOption('member');
    await invite.locator('input[value="invoices"]').check();
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.locator('portico-portal-personnel ul.persons > li', { hasText: email }).waitFor();
    await page.close();

    // The invitee's own link from the invitation e-mail: invoices yes, contract details and personnel no.
    const invitation = await e2e.mailbox.waitForMail((m) => m.envelopeTo.includes(email));
    const inviteePage = await openPortal(portalLink(invitation));
    assert.deepEqual(await navLabels(inviteePage), ['Overview', 'All invoices']);
    assert.match((await inviteePage.locator('portico-portal .who').textContent()) ?? '', /Ida Invitee/);
    await nav(inviteePage).filter({ hasText: 'All invoices' }).click();
    await inviteePage.locator('portico-portal-invoices tbody tr').first().waitFor();
    await inviteePage.close();
  });

  it('warns two minutes before the session ends, then offers a new link', async () => {
    const link = await requestLink();
    // The page's clock is under the test's control; the server's is not, so only the page's timers move.
    const page = await openPortal(link, (p) => p.clock.install());
    const portal = page.locator('portico-portal');
    assert.match((await portal.locator('.expiry').textContent()) ?? '', /Signed in until/);
    assert.equal(await portal.locator('button.extend').count(), 0);

    await page.clock.fastForward('13:30');
    await portal.locator('.session-warning').getByText('Do you want to stay signed in?').waitFor();
    await portal.getByRole('button', { name: 'Stay signed in' }).waitFor();

    const expired = page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          document.addEventListener('portico-session-expired', (event) => resolve(event.detail.reason), { once: true }),
        ),
    );
    await page.clock.fastForward('02:00');
    assert.equal(await expired, 'expired');
    await portal.getByText('Your access has expired').waitFor();
    await page.locator('portico-portal-request-link form').waitFor();
    await page.close();
  });
});
