import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usePortico } from './support/portico.ts';

describe('hosted pages in Chromium', () => {
  const e2e = usePortico();

  it('prints the signup and portal links at start, and the signup page shows the plan', async () => {
    const { signup } = e2e.portico.links(); // fails unless the start banner has both links
    const { page, errors, response } = await e2e.open(signup);
    assert.equal(response?.status(), 200);
    const heading = page.locator('portico-signup h1');
    await heading.waitFor();
    assert.match((await heading.textContent()) ?? '', /Starter|Business/);
    assert.match((await page.locator('portico-signup .price').textContent()) ?? '', /€/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('serves the portal page, which explains how to open it without a token', async () => {
    const { page, response } = await e2e.open(`${e2e.portico.url}/demo/portal`);
    assert.equal(response?.status(), 200);
    await page.locator('portico-portal').getByText('link in your invoice e-mail').waitFor();
    await page.close();
  });

  it('answers 404 for an unknown tenant', async () => {
    const response = await fetch(`${e2e.portico.url}/nobody/portal`);
    assert.equal(response.status, 404);
  });
});

describe('hosted pages: language picker, dark scheme, icon', () => {
  const e2e = usePortico();

  it('the picker offers the tenant languages and switches the signup page without a reload, Arabic right to left with a mirrored header', async () => {
    const { page, errors } = await e2e.open(e2e.portico.links().signup);
    await page.locator('portico-signup form').waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const picker = page.getByRole('combobox', { name: 'Language' });
    assert.equal(await picker.inputValue(), 'en', 'the picker shows the language shown');
    const offered = await picker
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    assert.deepEqual(offered, ['en', 'ar', 'cs', 'de', 'es', 'fr', 'it', 'lt', 'nl', 'pl', 'pt', 'sv']);
    // Keyboard: focus the picker and move to German.
    await picker.focus();
    await picker.selectOption('de');
    await page.getByRole('combobox', { name: 'Sprache' }).waitFor();
    await page.locator('portico-signup').getByText('Ihre Angaben').first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    assert.match(page.url(), /[?&]language=de/);
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('ar');
    await page.getByRole('combobox', { name: 'اللغة' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.locator('portico-signup').getAttribute('dir'), 'rtl');
    const logo = await page.locator('header.brand img').boundingBox();
    const select = await page.locator('header.brand portico-language-picker').boundingBox();
    assert.ok(logo && select && logo.x > select.x, 'the logo sits on the right, the picker on the left');
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'no reload');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the portal has the picker too, and the page opened with ?language=ar starts right to left', async () => {
    const { page } = await e2e.open(`${e2e.portico.url}/demo/portal?language=ar`);
    await page.getByRole('combobox', { name: 'اللغة' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'اللغة' }).inputValue(), 'ar');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.close();
  });

  it("follows prefers-color-scheme: dark with the tenant's dark theme", async () => {
    const background = async (colorScheme: 'light' | 'dark') => {
      const { page } = await e2e.open(e2e.portico.links().signup, { colorScheme });
      await page.locator('portico-signup form').waitFor();
      const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.close();
      return colour;
    };
    assert.equal(await background('dark'), 'rgb(15, 17, 21)', "the dark preset's background");
    assert.notEqual(await background('light'), 'rgb(15, 17, 21)');
  });

  it('answers /favicon.ico with an icon that may be cached', async () => {
    const response = await fetch(`${e2e.portico.url}/favicon.ico`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/x-icon');
    assert.match(response.headers.get('cache-control') ?? '', /max-age=\d+/);
    assert.ok((await response.arrayBuffer()).byteLength > 50);
  });
});
