import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, startPortico, type PorticoProcess } from './support/portico.ts';

/** Every page of the demo merchant site (`demo/*.html`, the playground included) passes axe once it has loaded. */
describe('demo merchant site accessibility (axe) in Chromium', () => {
  let portico: PorticoProcess;
  let browser: Browser;
  let pages: string[];

  before(async () => {
    pages = (await readdir('demo')).filter((file) => file.endsWith('.html')).sort();
    portico = await startPortico();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await portico?.stop();
  });

  it('finds the pages, the playground among them', () => {
    assert.ok(pages.length >= 8, pages.join(', '));
    assert.ok(pages.includes('playground.html'));
    assert.ok(pages.includes('index.html'));
  });

  it('every page is axe clean', async () => {
    const failures: string[] = [];
    for (const file of pages) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${portico.url}/demo-site/${file}`);
      if (/-iframe\.html$/.test(file)) {
        await page.locator('#log li', { hasText: 'portico-loaded' }).waitFor();
        await page.frameLocator('#slot iframe').locator('portico-signup h1, portico-portal h1').first().waitFor();
      } else if (/-inline\.html$/.test(file) || file === 'playground.html') {
        await page.locator('portico-signup h1, portico-portal h1').first().waitFor();
        if (file === 'playground.html') await page.locator('#messages li').first().waitFor();
      } else {
        await page.locator('main h1').waitFor();
      }
      const violations = await axeViolations(page);
      for (const v of violations) failures.push(`${file}: ${v.id} (${v.impact})\n    ${v.nodes.join('\n    ')}`);
      if (errors.length) failures.push(`${file}: page errors ${errors.join('; ')}`);
      await page.close();
    }
    assert.deepEqual(failures, []);
  });
});
