import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { usePortico, type OpenedPage } from './support/portico.ts';
import { fillCard, fillCustomerDetails } from './support/signup-form.ts';

/** The signup page driven like a customer would: labels, roles and the card provider's own frame. */
describe('signup in Chromium, with confirmation e-mail over SMTP', () => {
  const e2e = usePortico({ mailbox: true });

  /**
   * Opens the signup page, fills in a new customer (an e-mail address of its own, markup in the last name that
   * must stay text) and chooses the payment method.
   */
  async function startOrder(name: string, payment: string): Promise<OpenedPage & { email: string }> {
    const opened = await e2e.open(e2e.portico.links().signup);
    assert.equal(opened.response?.status(), 200);
    await opened.page.locator('portico-signup form').waitFor();
    const email = `${name}.${Date.now()}@example.com`;
    await fillCustomerDetails(opened.page, email, { lastName: 'Lovelace <script>alert(1)</script>' });
    await opened.page.getByRole('radio', { name: payment }).check();
    return { ...opened, email };
  }

  /** Places the order and waits for the thank-you view. */
  async function placeOrder(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
  }

  async function expectPortalLink(email: string): Promise<void> {
    const mail = await e2e.mailbox.waitForMail((message) => message.to.includes(email));
    const link = /https?:\/\/[^\s"<>]+\/portal[^\s"<>]*/.exec(mail.text)?.[0];
    assert.ok(link, `no portal link in the confirmation e-mail:\n${mail.text}`);
    const response = await fetch(link);
    assert.equal(response.status, 200, `the portal link ${link} answered ${response.status}`);
  }

  const mailsTo = (email: string) => e2e.mailbox.messages.filter((message) => message.to.includes(email));

  it('a new customer signs up with SEPA direct debit and gets a working portal link by e-mail', async () => {
    const { page, errors, email } = await startOrder('sepa', 'SEPA direct debit');
    await page.getByLabel('Account holder').fill('Ada Lovelace');
    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await placeOrder(page);
    assert.match((await page.locator('portico-signup .success').textContent()) ?? '', /contract number is \S+/);
    await expectPortalLink(email);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('another customer pays by test card typed into the card frame', async () => {
    const { page, errors, email } = await startOrder('card', 'Credit card');
    await fillCard(page, 'Ada Lovelace', '4242 4242 4242 4242');
    await placeOrder(page);
    await expectPortalLink(email);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a connection lost after the server took the order retries with the same key: one order', async () => {
    const { page, errors, email } = await startOrder('lost', 'Invoice');
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
    await placeOrder(page);
    assert.equal(keys.length, 2, 'one retry');
    assert.ok(keys[0], 'an Idempotency-Key was sent');
    assert.equal(keys[1], keys[0], 'the retry reuses the key');
    const success = (await page.locator('portico-signup .success').textContent()) ?? '';
    assert.ok(firstAnswer?.contractNumber, 'the first request placed an order');
    assert.ok(success.includes(firstAnswer.contractNumber), `the page shows the first order's contract: ${success}`);
    await e2e.mailbox.waitForMail((message) => message.to.includes(email));
    assert.equal(mailsTo(email).length, 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a declined card shows an error and orders nothing; a good card then works', async () => {
    const { page, errors, email } = await startOrder('declined', 'Credit card');
    await fillCard(page, 'Ada Lovelace', '4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page
      .locator('portico-signup #card-error')
      .getByText(/declined/)
      .waitFor();
    await page.getByRole('button', { name: 'Place order' }).waitFor();
    // The decline is said once beside the card (and listed in the error summary), not again inside the card frame.
    const frame = page.frameLocator('iframe[title="Card details"]');
    assert.deepEqual(
      (await frame.locator('.error').allTextContents()).filter((text) => text.trim() !== ''),
      [],
      'no error text inside the card frame',
    );
    assert.equal(
      await page
        .locator('portico-signup #card-error')
        .getByText(/declined/)
        .count(),
      1,
    );
    assert.equal(await page.locator('portico-signup .success').count(), 0, 'no success view after a declined card');
    assert.equal(mailsTo(email).length, 0);

    await page.frameLocator('iframe[title="Card details"]').getByLabel('Card number').fill('4242424242424242');
    await placeOrder(page);
    await expectPortalLink(email);
    // One order, one confirmation.
    assert.equal(mailsTo(email).length, 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
