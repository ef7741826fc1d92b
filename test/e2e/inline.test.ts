import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordPorticoEvents, useMerchantHost, waitForPorticoEvent } from './support/merchant-host.ts';
import { usePortico } from './support/portico.ts';
import { placeSepaOrder } from './support/signup-form.ts';

/**
 * Inline mode from another origin: a merchant page on `http://127.0.0.1:<port>` loads the elements' scripts and a
 * theme from the Portico server (`http://localhost:<port>`) and puts `<portico-signup>` / `<portico-portal>` straight
 * into its own document. The API calls are cross-origin: they work because the host origin is in the tenant's
 * `frameOrigins` (CORS), and fail for `http://localhost:<host port>`, which is not listed. After the order the
 * element itself sends the host page to the tenant's success URL (an `http(s)` one only).
 */
describe('inline elements on a page of another origin, in Chromium', () => {
  const host = useMerchantHost((url) => {
    const { url: portico } = e2e.portico;
    const { variantId, portalToken } = e2e.portico.links();
    const portal = url.pathname === '/portal.html';
    const successUrl = url.searchParams.get('success-url');
    const element = portal
      ? `<portico-portal tenant="demo" lang="en" api-base="${portico}"></portico-portal>
<script type="module">document.querySelector('portico-portal').token = ${JSON.stringify(portalToken)};</script>`
      : `<portico-signup tenant="demo" plan-variant="${variantId}" api-base="${portico}"${
          successUrl ? ` success-url="${successUrl.replace(/"/g, '&quot;')}"` : ''
        }></portico-signup>`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title>
<link rel="stylesheet" href="${portico}/themes/light.css">
${recordPorticoEvents(['portico-order-completed', 'portico-error', 'portico-step-change'])}
<script type="module" src="${portico}/assets/portico-${portal ? 'portal' : 'signup'}.js"></script>
</head><body><main><h1>Merchant shop</h1>${element}</main></body></html>`;
  });
  const e2e = usePortico({ settings: host.settings });

  it('a signup works inline from a listed origin, and the element sends the host page to the success URL', async () => {
    const { page, errors } = await e2e.open(`${host.listed}/signup.html`);
    await page.locator('portico-signup h1').waitFor();
    assert.equal(new URL(page.url()).origin, host.listed);
    await placeSepaOrder(page, `inline.${Date.now()}@example.com`);
    await page.waitForURL(`${host.listed}/thanks.html`);
    await page.getByRole('heading', { name: 'Thanks for signing up' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a success URL that is not http(s) is never followed', async () => {
    const { page, errors, warnings } = await e2e.open(
      `${host.listed}/signup.html?success-url=${encodeURIComponent('javascript:document.title="hijacked"')}`,
    );
    await page.locator('portico-signup h1').waitFor();
    await placeSepaOrder(page, `inline.js.${Date.now()}@example.com`);
    await page.locator('portico-signup .success h1').waitFor();
    const completed = await waitForPorticoEvent(page, 'portico-order-completed');
    assert.equal((completed.detail as { successUrl: unknown }).successUrl, null);
    assert.equal(await page.title(), 'Merchant');
    assert.match(page.url(), /\/signup\.html\?/);
    assert.ok(
      warnings.some((w) => /success URL that is not http/.test(w)),
      `warnings: ${warnings.join(' | ')}`,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the portal works inline from a listed origin', async () => {
    const { page, errors } = await e2e.open(`${host.listed}/portal.html`);
    await page.locator('portico-portal').getByRole('heading', { name: 'Your services' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('from an origin the tenant does not list, the browser blocks the API calls (CORS)', async () => {
    const { page } = await e2e.open(`${host.unlisted}/signup.html`);
    await waitForPorticoEvent(page, 'portico-error');
    assert.equal(await page.locator('portico-signup h1').count(), 0, 'no plan was loaded');
    await page.close();
  });
});
