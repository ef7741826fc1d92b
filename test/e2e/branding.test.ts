import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runAxe, type AxeViolation } from './support/axe.ts';
import { usePortico } from './support/portico.ts';

/**
 * The WCAG 2 A/AA violations (colour contrast included) on the whole page, shadow roots included, after checking
 * that the contrast rule really measured text on the page.
 */
async function wcagViolations(page: Page): Promise<AxeViolation[]> {
  const { violations, passed } = await runAxe(page, { tags: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
  const contrastChecked = passed['color-contrast'] ?? 0;
  assert.ok(contrastChecked > 10, `axe checked the contrast of only ${contrastChecked} elements`);
  return violations;
}

/** The demo tenant's branding as the hosted pages apply it (seeded in packages/server/src/demo/seed.ts). */
async function primaryColour(page: Page): Promise<string> {
  return page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--portico-color-primary').trim(),
  );
}

describe('hosted pages with the demo tenant branding in Chromium', () => {
  const e2e = usePortico();

  it('the signup page shows the tenant colours and passes axe, contrast included, in English and German', async () => {
    const signupLink = e2e.portico.links().signup;
    const seeded = await (await fetch(signupLink)).text();
    const primary = /--portico-color-primary: ([^;]+);/.exec(seeded)?.[1];
    assert.ok(primary, 'the page sets the tenant primary colour');
    for (const language of ['en', 'de']) {
      const { page } = await e2e.open(`${signupLink}?language=${language}`);
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
      assert.deepEqual(await wcagViolations(page), [], `axe on the ${language} signup page`);
      await page.close();
    }
  });

  it('the portal opened from the start link passes axe with the tenant colours', async () => {
    const { page } = await e2e.open(e2e.portico.links().portal);
    await page.locator('portico-portal nav').waitFor();
    await page.locator('portico-portal-dashboard h2').first().waitFor();
    assert.match(await primaryColour(page), /^(#|rgb)/);
    assert.deepEqual(await wcagViolations(page), [], 'axe on the portal');
    await page.close();
  });
});
