import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startPortico, type PorticoProcess } from './support/portico.ts';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe (WCAG 2 A/AA, colour contrast included) on the whole page, shadow roots included: the violations,
 * after checking that the contrast rule really measured text on the page.
 */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: await axeSource });
  const { violations, contrastChecked } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[]; passes: { id: string; nodes: unknown[] }[] };
    return {
      violations: result.violations.map(({ id, help, nodes }) => ({
        id,
        help,
        nodes: nodes.map((n) => ({ target: n.target })),
      })),
      contrastChecked: result.passes.find((rule) => rule.id === 'color-contrast')?.nodes.length ?? 0,
    };
  });
  assert.ok(contrastChecked > 10, `axe checked the contrast of only ${contrastChecked} elements`);
  return violations;
}

/** The demo tenant's branding as the hosted pages apply it (seeded in packages/server/src/db/seed.ts). */
async function primaryColour(page: Page): Promise<string> {
  return page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--portico-color-primary').trim(),
  );
}

describe('hosted pages with the demo tenant branding in Chromium', () => {
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

  it('the signup page shows the tenant colours and passes axe, contrast included, in English and German', async () => {
    const signupLink = /Signup page:\s+(\S+)/.exec(portico.output())?.[1];
    assert.ok(signupLink, portico.output());
    const seeded = await (await fetch(signupLink)).text();
    const primary = /--portico-color-primary: ([^;]+);/.exec(seeded)?.[1];
    assert.ok(primary, 'the page sets the tenant primary colour');
    for (const language of ['en', 'de']) {
      const page = await browser.newPage();
      await page.goto(`${signupLink}?language=${language}`);
      await page.locator('portico-signup form').waitFor();
      await page.locator('portico-signup .price').first().waitFor();
      assert.equal(await primaryColour(page), primary);
      // The demo tenant's logo (a data: image) in the page header, named by the tenant's name.
      const logo = page.locator('header.brand img');
      assert.equal(await logo.getAttribute('alt'), 'Northwind Cloud');
      assert.ok((await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)) > 0, 'the logo loads');
      const button = page.locator('portico-signup button[type="submit"]').first();
      const background = await button.evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.notEqual(background, 'rgb(29, 78, 216)', 'the order button uses the tenant colour, not the theme default');
      assert.deepEqual(await axeViolations(page), [], `axe on the ${language} signup page`);
      await page.close();
    }
  });

  it('the portal opened from the start link passes axe with the tenant colours', async () => {
    const portalLink = /Customer portal:\s+(\S+)/.exec(portico.output())?.[1];
    assert.ok(portalLink && portalLink.includes('#token='), portico.output());
    const page = await browser.newPage();
    await page.goto(portalLink);
    await page.locator('portico-portal nav').waitFor();
    await page.locator('portico-portal-dashboard h2').first().waitFor();
    assert.match(await primaryColour(page), /^(#|rgb)/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the portal');
    await page.close();
  });
});
