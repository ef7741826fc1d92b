import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { usePortico } from './support/portico.ts';

/** The designer playground (`/demo-site/playground.html`): live theme and wording edits, export and import. */
describe('designer playground in Chromium', () => {
  const e2e = usePortico();
  let page: Page;
  let errors: string[];

  before(async () => {
    ({ page, errors } = await e2e.open(`${e2e.portico.url}/demo-site/playground.html`, { acceptDownloads: true }));
    await page.locator('portico-signup h1').waitFor();
    await page.locator('portico-portal h1').waitFor();
    await page.locator('#messages li').first().waitFor();
  });

  const placeOrder = () => page.locator('portico-signup').getByRole('button', { name: /Place order|Order now/ });
  const background = () => placeOrder().evaluate((button) => getComputedStyle(button).backgroundColor);

  async function downloadText(button: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
  }

  it('offers every preset and an editor for every token, grouped', async () => {
    const presets = await page.getByLabel('Starting point (preset)').locator('option').allTextContents();
    assert.deepEqual(presets, ['brand-ember', 'brand-harbour', 'dark', 'high-contrast', 'light']);
    const light = await readFile('themes/light.css', 'utf8');
    const tokens = [...light.matchAll(/(--portico-[a-z0-9-]+):/g)].map((m) => m[1]!);
    for (const token of tokens)
      assert.equal(await page.locator(`input[type="text"][data-token="${token}"]`).count(), 1, token);
    const groups = await page.locator('fieldset.tokens legend').allTextContents();
    assert.deepEqual(groups, ['Colours', 'Typography', 'Spacing', 'Radii', 'Shadows', 'Focus ring']);
    assert.equal(await page.locator('input[type="color"]').count(), tokens.filter((t) => t.includes('-color-')).length);
  });

  it("changing a colour changes the element's computed style, and the contrast readout follows", async () => {
    assert.equal(await background(), 'rgb(29, 78, 216)'); // light preset's primary
    await page.getByLabel('Primary colour picker', { exact: true }).fill('#aa0000');
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#token-color-primary')?.value === '#aa0000',
    );
    assert.equal(await background(), 'rgb(170, 0, 0)');
    await page.locator('#token-color-on-primary').fill('#bb2222');
    const row = page.locator('#contrast tr[data-pair="--portico-color-on-primary --portico-color-primary"]');
    assert.equal(await row.getAttribute('class'), 'fail');
    assert.match(await row.innerText(), /too low/);
    await page.locator('#token-color-on-primary').fill('not a colour');
    assert.equal(await page.locator('#token-color-on-primary').getAttribute('aria-invalid'), '');
    assert.match(await page.locator('#token-color-on-primary-error').innerText(), /is not a CSS colour/);
    await page.locator('#token-color-on-primary').fill('#ffffff');
    assert.equal(await row.getAttribute('class'), 'pass');
    assert.equal(await placeOrder().evaluate((button) => getComputedStyle(button).color), 'rgb(255, 255, 255)');
  });

  it('editing a message changes the rendered text; the wording exports as stringOverrides JSON', async () => {
    await page.getByLabel('Search messages').fill('Place order');
    const area = page.locator('#messages textarea').first();
    const id = await area.getAttribute('data-message-id');
    assert.match(id ?? '', /^s[0-9a-f]{16}$/);
    assert.equal(await area.inputValue(), 'Place order');
    await area.fill('Order now');
    await page.locator('portico-signup').getByRole('button', { name: 'Order now' }).waitFor();
    const { name, text } = await downloadText('Download wording (.json)');
    assert.equal(name, 'portico-wording.json');
    assert.deepEqual(JSON.parse(text), { en: { [id!]: 'Order now' } });
  });

  it('switches the language and lists that language’s messages', async () => {
    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await page.locator('portico-signup[lang="de"]').waitFor({ state: 'attached' });
    await page.getByLabel('Search messages').fill('Place order');
    await page.locator('#messages textarea').first().waitFor();
    assert.notEqual(await page.locator('#messages textarea').first().inputValue(), 'Place order');
    await page.getByLabel('Language', { exact: true }).selectOption('en');
    await page.locator('portico-signup[lang="en"]').waitFor({ state: 'attached' });
    await page.locator('portico-signup').getByRole('button', { name: 'Order now' }).waitFor();
  });

  it('exports the theme as a theme file and imports it again; a broken file falls back with a warning', async () => {
    const { name, text } = await downloadText('Download theme (.css)');
    assert.equal(name, 'portico-theme.css');
    assert.match(text, /@layer portico\.theme \{\s*:root \{/);
    assert.match(text, /--portico-color-primary: #aa0000;/);
    const light = await readFile('themes/light.css', 'utf8');
    for (const [, token] of light.matchAll(/(--portico-[a-z0-9-]+):/g)) assert.match(text, new RegExp(`${token}:`));

    await page.getByLabel('Starting point (preset)').selectOption('dark');
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#token-color-primary')?.value === '#8ab4ff',
    );
    assert.equal(await background(), 'rgb(138, 180, 255)');

    await page.getByLabel('Import a theme file (.css)').setInputFiles({
      name: 'mine.css',
      mimeType: 'text/css',
      buffer: Buffer.from(text),
    });
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#token-color-primary')?.value === '#aa0000',
    );
    assert.equal(await background(), 'rgb(170, 0, 0)');
    assert.equal(await page.locator('#theme-warning[role="alert"]').isVisible(), false);

    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.getByLabel('Import a theme file (.css)').setInputFiles({
      name: 'broken.css',
      mimeType: 'text/css',
      buffer: Buffer.from(text.replace(/--portico-color-surface:[^;]*;/, '').replace('#aa0000', 'banana')),
    });
    const alert = page.locator('#theme-warning[role="alert"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /broken\.css.*cannot be used/);
    assert.match(await alert.innerText(), /--portico-color-surface is missing/);
    assert.match(await alert.innerText(), /not a CSS colour/);
    assert.match(await alert.innerText(), /preset "dark"/);
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#token-color-primary')?.value === '#8ab4ff',
    );
    assert.equal(await background(), 'rgb(138, 180, 255)');
    await page.locator('portico-signup h1').waitFor();
    assert.ok(warnings.some((w) => /broken\.css/.test(w)));
    assert.deepEqual(errors, []);
  });
});
