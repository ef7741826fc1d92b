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
