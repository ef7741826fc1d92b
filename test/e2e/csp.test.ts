import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { fillCard, fillCustomerDetails, placeSepaOrder } from './support/signup-form.ts';
import { usePortico } from './support/portico.ts';

/**
 * The Content-Security-Policy of every HTML page blocks nothing Portico itself needs: on each hosted page, the card
 * frame, the embed, the demo site and the development mailbox, Chromium reports no violation — neither of the
 * enforced policy nor of the stricter report-only one sent in development (the demo is on here) — in any frame.
 */
describe('Content-Security-Policy in Chromium: nothing of Portico is blocked', () => {
  const e2e = usePortico(); // no SMTP_URL: the development mailbox

  /** Opens `url` and collects every CSP violation any of its frames reports, enforced or report-only. */
  async function openWatched(url: string) {
    const violations: string[] = [];
    const opened = await e2e.open(url, {
      prepare: async (page: Page) => {
        await page.exposeBinding('__cspViolation', (_source, text: string) => violations.push(text));
        await page.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (event) => {
            const report = (window as unknown as { __cspViolation?: (text: string) => void }).__cspViolation;
            report?.(
              `${event.disposition} ${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} on ${location.pathname}`,
            );
          });
        });
        page.on('console', (message) => {
          if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
        });
      },
    });
    return { ...opened, violations };
  }

  it('the hosted signup page with the card frame', async () => {
    const { page, errors, violations } = await openWatched(e2e.portico.links().signup);
    await page.locator('portico-signup form').waitFor();
    await fillCustomerDetails(page, `csp.${Date.now()}@example.com`);
    await page.getByRole('radio', { name: 'Credit card' }).check();
    await fillCard(page, 'Ada Lovelace', '4242 4242 4242 4242');
    assert.deepEqual(violations, []);
    // The policy is really there: an injected inline script does not run, and Chromium reports it.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.head.append(script);
    });
    assert.equal(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected), undefined);
    await page.waitForFunction(() => document.readyState === 'complete');
    assert.ok(
      violations.some((text) => /enforce script-src-elem blocked inline/.test(text)),
      `the injected script was reported: ${violations.join('\n')}`,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the hosted portal, signed in', async () => {
    const { page, errors, violations } = await openWatched(e2e.portico.links().portal);
    await page.locator('portico-portal nav').waitFor();
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('every demo site page (iframe embeds with the bridge, inline elements, the playground)', async () => {
    const failures: string[] = [];
    for (const file of [
      'index.html',
      'signup-iframe.html',
      'portal-iframe.html',
      'signup-inline.html',
      'portal-inline.html',
      'signup-link.html',
      'playground.html',
    ]) {
      const { page, errors, violations } = await openWatched(`${e2e.portico.url}/demo-site/${file}`);
      if (/-iframe\.html$/.test(file)) {
        await page.locator('#log li', { hasText: 'portico-loaded' }).waitFor();
        await page.frameLocator('#slot iframe').locator('portico-signup h1, portico-portal h1').first().waitFor();
      } else if (/-inline\.html$/.test(file) || file === 'playground.html') {
        await page.locator('portico-signup h1, portico-portal h1').first().waitFor();
        if (file === 'playground.html') await page.locator('#messages li').first().waitFor();
      } else {
        await page.locator('main h1').waitFor();
      }
      for (const text of [...violations, ...errors]) failures.push(`${file}: ${text}`);
      await page.close();
    }
    assert.deepEqual(failures, []);
  });

  it('the development mailbox: its pages, and the e-mail’s portal button opens the working portal in a new tab', async () => {
    // The signup page's order confirmation (in English) carries the "Open the customer portal" button.
    const { page: signup } = await e2e.open(e2e.portico.links().signup);
    await signup.locator('portico-signup form').waitFor();
    const email = `csp.mailbox.${Date.now()}@example.com`;
    await placeSepaOrder(signup, email);
    await signup.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await signup.close();

    const { page, errors, violations } = await openWatched(`${e2e.portico.url}/dev/mailbox`);
    const row = page.locator('tbody tr', { hasText: email }).locator('a');
    // The delivery worker sends within a second or two: reload until the mailbox lists the e-mail.
    for (let attempt = 0; attempt < 100 && (await row.count()) === 0; attempt++) await page.reload();
    await row.first().click();
    await page.locator('pre a').first().waitFor(); // the text part's addresses are links
    const preview = page.frameLocator('iframe[title="HTML body"]');
    const popup = page.waitForEvent('popup');
    await preview.getByRole('link', { name: 'Open the customer portal' }).click();
    const portal = await popup;
    await portal.locator('portico-portal nav').waitFor();
    assert.match(portal.url(), /\/demo\/portal/);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await portal.close();
    await page.close();
  });
});
