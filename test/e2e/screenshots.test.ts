import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, startPortico, type PorticoProcess } from './support/portico.ts';

/**
 * Screenshots of the hosted signup page and portal in light, dark and Arabic (right to left), written to
 * `test-results/screenshots/` (git-ignored) for a person to look at. Two servers: the demo tenant as seeded
 * (light theme) and one whose branding chooses the dark preset.
 */
const outDir = path.resolve('test-results', 'screenshots');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
}

describe('screenshots of signup and portal in light, dark and Arabic', () => {
  let light: PorticoProcess;
  let dark: PorticoProcess;
  let browser: Browser;

  before(async () => {
    await mkdir(outDir, { recursive: true });
    [light, dark] = await Promise.all([
      startPortico({}, { settings: {} }),
      startPortico({}, { settings: { 'branding.theme': 'dark' } }),
    ]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await light?.stop();
    await dark?.stop();
  });

  async function shoot(
    server: PorticoProcess,
    kind: 'signup' | 'portal',
    language: string,
    name: string,
  ): Promise<{ page: Page; png: Buffer; problems: string[] }> {
    const { variantId, portalToken } = server.links();
    const url =
      kind === 'signup'
        ? `${server.url}/demo/signup/${variantId}?language=${language}`
        : `${server.url}/demo/portal?language=${language}#token=${portalToken}`;
    const problems: string[] = [];
    const { page, errors } = await openPage(browser, url, {
      viewport: { width: 1100, height: 900 },
      prepare(opening) {
        opening.on('console', (message) => {
          // The browser's own favicon request is not the page's doing.
          if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
            problems.push(`${message.text()} (${message.location().url})`);
          }
        });
        opening.on('response', (response) => {
          if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
        });
      },
    });
    if (kind === 'signup') {
      await page.locator('portico-signup h1').waitFor();
      await page.locator('portico-signup portico-order-summary').getByText(/\d/).first().waitFor();
    } else {
      await page.locator('portico-portal h1').waitFor();
      await page.locator('portico-portal table').first().waitFor();
    }
    await page.evaluate(() => document.fonts.ready);
    const png = await page.screenshot({ fullPage: true });
    await writeFile(path.join(outDir, `${name}.png`), png);
    return { page, png, problems: [...errors, ...problems] };
  }

  function assertSensible(png: Buffer, problems: string[]): void {
    const { width, height } = pngSize(png);
    assert.equal(width, 1100);
    assert.ok(height >= 600, `height ${height}`);
    assert.ok(png.length > 30_000, `only ${png.length} bytes: an empty page?`);
    assert.deepEqual(problems, []);
  }

  for (const kind of ['signup', 'portal'] as const) {
    const tag = `portico-${kind}`;

    it(`${kind}, light`, async () => {
      const { page, png, problems } = await shoot(light, kind, 'en', `${kind}-light`);
      assertSensible(png, problems);
      assert.ok(luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)) > 0.8);
      assert.equal(await page.locator(tag).evaluate((el) => getComputedStyle(el).direction), 'ltr');
      await page.close();
    });

    it(`${kind}, dark`, async () => {
      const { page, png, problems } = await shoot(dark, kind, 'en', `${kind}-dark`);
      assertSensible(png, problems);
      assert.ok(luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)) < 0.2);
      assert.ok(luminance(await page.locator(tag).evaluate((el) => getComputedStyle(el).color)) > 0.7);
      await page.close();
    });

    it(`${kind}, Arabic (right to left)`, async () => {
      const { page, png, problems } = await shoot(light, kind, 'ar', `${kind}-ar-rtl`);
      assertSensible(png, problems);
      assert.equal(await page.locator(tag).getAttribute('dir'), 'rtl');
      assert.equal(await page.locator(tag).evaluate((el) => getComputedStyle(el).direction), 'rtl');
      const translated = kind === 'signup' ? `${tag} button[part="submit"]` : `${tag} h1`;
      assert.match(await page.locator(translated).innerText(), /[\u0600-\u06ff]{3}/, 'the texts are in Arabic');
      // Right to left: the heading starts at the right edge of the element.
      const [box, heading] = await Promise.all([
        page.locator(tag).boundingBox(),
        page.locator(`${tag} h1`).evaluate((h) => {
          const range = document.createRange();
          range.selectNodeContents(h);
          const r = range.getBoundingClientRect();
          return { right: r.right, left: r.left };
        }),
      ]);
      assert.ok(box && box.x + box.width - heading.right < box.x + box.width - heading.left - 1);
      assert.ok(box && heading.left - box.x > 40, 'the heading text sits on the right side');
      await page.close();
    });
  }
});
