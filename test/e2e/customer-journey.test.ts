import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { usePortico } from './support/portico.ts';
import { fillCustomerDetails } from './support/signup-form.ts';

/**
 * One customer from signup to sign-out (issue 14): an IBAN the server refuses is corrected and the order goes out;
 * the e-mailed link opens the portal, which a reload keeps signed in; the portal switched to German with the hosted
 * page's language picker downloads its usage in German although the browser speaks French; signing out ends it, also for the next reload.
 */
describe('a customer from signup to sign-out in Chromium (issue 14)', () => {
  const e2e = usePortico({ mailbox: true, publicUrl: true });

  it('corrects a refused IBAN, opens the e-mailed link, reloads, downloads in German and signs out', async () => {
    const { page, errors } = await e2e.open(e2e.portico.links().signup, { locale: 'fr-FR' });
    const signup = page.locator('portico-signup');
    await signup.locator('form').waitFor();
    const email = `journey.${Date.now()}@example.com`;
    await fillCustomerDetails(page, email);
    await page.getByRole('radio', { name: 'SEPA direct debit' }).check();
    await page.getByLabel('Account holder').fill('Ada Lovelace');
    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 01');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('This IBAN is not valid').first().waitFor();
    assert.equal(await page.getByLabel('IBAN').getAttribute('aria-invalid'), 'true');

    // Correcting the IBAN clears its error, and the next "Place order" goes out.
    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    assert.equal(await page.getByLabel('IBAN').getAttribute('aria-invalid'), 'false');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();

    const mail = await e2e.mailbox.waitForMail((message) => message.to.includes(email));
    const link = /https?:\/\/[^\s"<>]+\/portal[^\s"<>]*/.exec(mail.text)?.[0];
    assert.ok(link, `no portal link in the confirmation e-mail:\n${mail.text}`);
    const token = new URL(link).hash.replace(/^#token=/, '');

    await page.goto(link);
    const portal = page.locator('portico-portal');
    await portal.locator('nav').waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address');

    // F5 keeps the session; the tab stores the session, never the e-mailed token.
    await page.reload();
    await portal.locator('nav').waitFor();
    assert.equal(await portal.locator('portico-portal-request-link').count(), 0);
    const stored = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    assert.ok(stored.includes('sessionToken'), 'the session is kept for the tab');
    assert.ok(token && !stored.includes(token), 'the e-mailed token is not stored');

    // The customer switches the hosted portal to German with the page's language picker (the tab stays signed in):
    // the portal follows without a reload, and the usage download follows it, not the browser's French.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await portal.locator('nav button', { hasText: 'Übersicht' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    await portal.locator('nav button[data-view="usage"]').click();
    const usage = page.locator('portico-portal-usage');
    const csvButton = usage.locator('.downloads button[data-format="csv"]');
    await csvButton.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), csvButton.click()]);
    const csv = (await readFile((await download.path())!)).toString('utf8').replace(/^\uFEFF/, '');
    assert.match(csv.split(/\r?\n/)[0]!, /^"?Datum"?(,|$)/, csv);

    // Signing out ends the session, and a reload shows the request-a-link page.
    await portal.locator('button.logout').click();
    await portal.locator('.message[role="status"]').waitFor();
    await page.reload();
    await portal.locator('portico-portal-request-link').waitFor();
    assert.equal(await portal.locator('nav').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
