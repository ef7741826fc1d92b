import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, startPortico, type PorticoProcess } from './support/portico.ts';

describe('hosted pages in Chromium', () => {
  let portico: PorticoProcess;
  let browser: Browser;

  before(async () => {
    portico = await startPortico();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await portico?.stop();
  });

  it('prints the signup and portal links at start, and the signup page shows the plan', async () => {
    const signupLink = /Signup page:\s+(\S+)/.exec(portico.output())?.[1];
    assert.ok(signupLink, `no signup link in the start banner:\n${portico.output()}`);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(signupLink);
    assert.equal(response?.status(), 200);
    const heading = page.locator('portico-signup h1');
    await heading.waitFor();
    assert.match((await heading.textContent()) ?? '', /Starter|Business/);
    assert.match((await page.locator('portico-signup .price').textContent()) ?? '', /€/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('serves the portal page, which explains how to open it without a token', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${portico.url}/demo/portal`);
    assert.equal(response?.status(), 200);
    await page.locator('portico-portal').getByText('link in your invoice e-mail').waitFor();
    await page.close();
  });

  it('answers 404 for an unknown tenant', async () => {
    const response = await fetch(`${portico.url}/nobody/portal`);
    assert.equal(response.status, 404);
  });
});
