import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoDataDir } from './support/demo-data.ts';
import { launchBrowser, startPortico, type PorticoProcess } from './support/portico.ts';
import { placeSepaOrder } from './support/signup-form.ts';

/**
 * Inline mode from another origin: a merchant page on `http://127.0.0.1:<port>` loads the elements' scripts and a
 * theme from the Portico server (`http://localhost:<port>`) and puts `<portico-signup>` / `<portico-portal>` straight
 * into its own document. The API calls are cross-origin: they work because the host origin is in the tenant's
 * `frameOrigins` (CORS), and fail for `http://localhost:<host port>`, which is not listed. After the order the
 * element itself sends the host page to the tenant's success URL (an `http(s)` one only).
 */
describe('inline elements on a page of another origin, in Chromium', () => {
  let dataDir: string;
  let host: Server;
  let listed: string;
  let unlisted: string;
  let portico: PorticoProcess;
  let browser: Browser;
  let variantId: string;
  let portalToken: string;

  before(async () => {
    host = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://host');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      if (url.pathname === '/thanks.html') {
        response.end('<!doctype html><html lang="en"><title>Thanks</title><h1>Thanks for signing up</h1></html>');
        return;
      }
      const portal = url.pathname === '/portal.html';
      const successUrl = url.searchParams.get('success-url');
      const element = portal
        ? `<portico-portal tenant="demo" lang="en" api-base="${portico.url}"></portico-portal>
<script type="module">document.querySelector('portico-portal').token = ${JSON.stringify(portalToken)};</script>`
        : `<portico-signup tenant="demo" plan-variant="${variantId}" api-base="${portico.url}"${
            successUrl ? ` success-url="${successUrl.replace(/"/g, '&quot;')}"` : ''
          }></portico-signup>`;
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title>
<link rel="stylesheet" href="${portico.url}/themes/light.css">
<script>
  window.porticoEvents = [];
  for (const name of ['portico-order-completed', 'portico-error', 'portico-step-change'])
    document.addEventListener(name, (event) => window.porticoEvents.push({ name, detail: event.detail }));
</script>
<script type="module" src="${portico.url}/assets/portico-${portal ? 'portal' : 'signup'}.js"></script>
</head><body><main><h1>Merchant shop</h1>${element}</main></body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const hostPort = (host.address() as AddressInfo).port;
    listed = `http://127.0.0.1:${hostPort}`;
    unlisted = `http://localhost:${hostPort}`;
    dataDir = await demoDataDir({ frameOrigins: [listed], 'signup.successUrl': `${listed}/thanks.html` });
    portico = await startPortico({ PORTICO_DATA_DIR: dataDir });
    variantId = /Signup page:\s+\S+\/demo\/signup\/(\S+)/.exec(portico.output())?.[1] ?? '';
    assert.ok(variantId, `no signup link in the banner:\n${portico.output()}`);
    portalToken = /Customer portal:\s+\S+#token=(\S+)/.exec(portico.output())?.[1] ?? '';
    assert.ok(portalToken, `no portal token in the banner:\n${portico.output()}`);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await portico?.stop();
    await new Promise((resolve) => host?.close(resolve));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<{ page: Page; errors: string[]; warnings: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(url);
    return { page, errors, warnings };
  }

  it('a signup works inline from a listed origin, and the element sends the host page to the success URL', async () => {
    const { page, errors } = await open(`${listed}/signup.html`);
    await page.locator('portico-signup h1').waitFor();
    assert.equal(new URL(page.url()).origin, listed);
    await placeSepaOrder(page, `inline.${Date.now()}@example.com`);
    await page.waitForURL(`${listed}/thanks.html`);
    await page.getByRole('heading', { name: 'Thanks for signing up' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a success URL that is not http(s) is never followed', async () => {
    const { page, errors, warnings } = await open(
      `${listed}/signup.html?success-url=${encodeURIComponent('javascript:document.title="hijacked"')}`,
    );
    await page.locator('portico-signup h1').waitFor();
    await placeSepaOrder(page, `inline.js.${Date.now()}@example.com`);
    await page.locator('portico-signup .success h1').waitFor();
    const completed = await page.waitForFunction(() =>
      (window as unknown as { porticoEvents: Array<{ name: string; detail: unknown }> }).porticoEvents.find(
        (e) => e.name === 'portico-order-completed',
      ),
    );
    assert.equal(((await completed.jsonValue()) as { detail: { successUrl: unknown } }).detail.successUrl, null);
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
    const { page, errors } = await open(`${listed}/portal.html`);
    await page.locator('portico-portal').getByRole('heading', { name: 'Your services' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('from an origin the tenant does not list, the browser blocks the API calls (CORS)', async () => {
    const { page } = await open(`${unlisted}/signup.html`);
    await page.waitForFunction(() =>
      (window as unknown as { porticoEvents: Array<{ name: string }> }).porticoEvents.some(
        (e) => e.name === 'portico-error',
      ),
    );
    assert.equal(await page.locator('portico-signup h1').count(), 0, 'no plan was loaded');
    await page.close();
  });
});
