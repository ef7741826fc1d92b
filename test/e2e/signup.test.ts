import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestMailbox, type TestMailbox } from './support/mailbox.ts';
import { launchBrowser, startPortico, type PorticoProcess } from './support/portico.ts';

/** The signup page driven like a customer would: labels, roles and the card provider's own frame. */
describe('signup in Chromium, with confirmation e-mail over SMTP', () => {
  let mailbox: TestMailbox;
  let portico: PorticoProcess;
  let browser: Browser;
  let signupUrl: string;

  before(async () => {
    mailbox = await startTestMailbox();
    portico = await startPortico({ SMTP_URL: mailbox.url });
    browser = await launchBrowser();
    const link = /Signup page:\s+(\S+)/.exec(portico.output())?.[1];
    assert.ok(link, `no signup link in the start banner:\n${portico.output()}`);
    signupUrl = link;
  });
  after(async () => {
    await browser?.close();
    await portico?.stop();
    await mailbox?.close();
  });

  async function openSignup(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(signupUrl);
    assert.equal(response?.status(), 200);
    await page.locator('portico-signup form').waitFor();
    return { page, errors };
  }

  async function fillDetails(page: Page, email: string): Promise<void> {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace <script>alert(1)</script>');
    await page.getByLabel('Street').fill('Unter den Linden');
    await page.getByLabel('House number').fill('1');
    await page.getByLabel('Postal code').fill('10117');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByRole('checkbox', { name: /terms and conditions/ }).check();
    await page.getByRole('checkbox', { name: /privacy policy/ }).check();
  }

  async function expectPortalLink(email: string): Promise<void> {
    const mail = await mailbox.waitForMail((message) => message.to.includes(email));
    const link = /https?:\/\/[^\s"<>]+\/portal[^\s"<>]*/.exec(mail.text)?.[0];
    assert.ok(link, `no portal link in the confirmation e-mail:\n${mail.text}`);
    const response = await fetch(link);
    assert.equal(response.status, 200, `the portal link ${link} answered ${response.status}`);
  }

  async function fillCard(page: Page, number: string): Promise<void> {
    const frame = page.frameLocator('iframe[title="Card details"]');
    await frame.getByLabel('Name on card').fill('Ada Lovelace');
    await frame.getByLabel('Card number').fill(number);
    await frame.getByLabel('Month (MM)').fill('12');
    await frame.getByLabel('Year (YYYY)').fill(String(new Date().getFullYear() + 3));
    await frame.getByLabel('CVC').fill('123');
  }

  it('a new customer signs up with SEPA direct debit and gets a working portal link by e-mail', async () => {
    const { page, errors } = await openSignup();
    const email = `sepa.${Date.now()}@example.com`;
    await fillDetails(page, email);
    await page.getByRole('radio', { name: 'SEPA direct debit' }).check();
    await page.getByLabel('Account holder').fill('Ada Lovelace');
    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    assert.match((await page.locator('portico-signup .success').textContent()) ?? '', /contract number is \S+/);
    await expectPortalLink(email);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('another customer pays by test card typed into the card frame', async () => {
    const { page, errors } = await openSignup();
    const email = `card.${Date.now()}@example.com`;
    await fillDetails(page, email);
    await page.getByRole('radio', { name: 'Credit card' }).check();
    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await expectPortalLink(email);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a connection lost after the server took the order retries with the same key: one order', async () => {
    const { page, errors } = await openSignup();
    const email = `lost.${Date.now()}@example.com`;
    await fillDetails(page, email);
    await page.getByRole('radio', { name: 'Invoice' }).check();
    const keys: string[] = [];
    let firstAnswer: { contractNumber: string } | undefined;
    await page.route('**/api/signup/*/orders', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        firstAnswer = (await (await route.fetch()).json()) as { contractNumber: string }; // the server places the order …
        await route.abort('connectionreset'); // … but its answer never reaches the page
      } else {
        await route.continue();
      }
    });
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    assert.equal(keys.length, 2, 'one retry');
    assert.ok(keys[0], 'an Idempotency-Key was sent');
    assert.equal(keys[1], keys[0], 'the retry reuses the key');
    const success = (await page.locator('portico-signup .success').textContent()) ?? '';
    assert.ok(firstAnswer?.contractNumber, 'the first request placed an order');
    assert.ok(success.includes(firstAnswer.contractNumber), `the page shows the first order's contract: ${success}`);
    await mailbox.waitForMail((message) => message.to.includes(email));
    assert.equal(mailbox.messages.filter((message) => message.to.includes(email)).length, 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a declined card shows an error and orders nothing; a good card then works', async () => {
    const { page, errors } = await openSignup();
    const email = `declined.${Date.now()}@example.com`;
    await fillDetails(page, email);
    await page.getByRole('radio', { name: 'Credit card' }).check();
    await fillCard(page, '4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page
      .locator('portico-signup #card-error')
      .getByText(/declined/)
      .waitFor();
    await page.getByRole('button', { name: 'Place order' }).waitFor();
    assert.equal(await page.locator('portico-signup .success').count(), 0, 'no success view after a declined card');
    assert.equal(mailbox.messages.filter((message) => message.to.includes(email)).length, 0);

    await page.frameLocator('iframe[title="Card details"]').getByLabel('Card number').fill('4242424242424242');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await expectPortalLink(email);
    // One order, one confirmation.
    assert.equal(mailbox.messages.filter((message) => message.to.includes(email)).length, 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
