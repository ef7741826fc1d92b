import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { demoDataDir } from './support/demo-data.ts';
import { launchBrowser, startPortico, type PorticoProcess } from './support/portico.ts';
import { placeSepaOrder } from './support/signup-form.ts';

/**
 * A merchant page on another origin frames the hosted pages through the loader. The merchant's origin must be in
 * the demo tenant's `frameOrigins`: the test prepares the server's embedded database before the server starts
 * (migrate, seed, set `frameOrigins` to the host page's origin), then starts Portico on that data directory.
 * `http://127.0.0.1:<port>` is listed; `http://localhost:<same port>` is another origin and is not. The tenant's
 * success URL is the host's `/thanks.html`: after a signup in the iframe, the host page (top window) goes there.
 * `?redirect=off` puts `data-redirect="off"` on the embed, `?cancel=1` cancels `portico-order-completed`.
 */
describe('embedding through the loader, from another origin, in Chromium', () => {
  let dataDir: string;
  let host: Server;
  let hostPort: number;
  let listed: string;
  let unlisted: string;
  let portico: PorticoProcess;
  let browser: Browser;
  let variantId: string;
  let portalToken: string;

  before(async () => {
    host = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://host');
      if (url.pathname === '/thanks.html') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><html lang="en"><title>Thanks</title><h1>Thanks for signing up</h1></html>');
        return;
      }
      const kind = url.pathname === '/portal.html' ? 'portal' : 'signup';
      const redirect = url.searchParams.get('redirect') === 'off' ? ' data-redirect="off"' : '';
      const cancel = url.searchParams.has('cancel')
        ? "document.addEventListener('portico-order-completed', (event) => event.preventDefault());"
        : '';
      const src = kind === 'portal' ? `${portico.url}/demo/portal` : `${portico.url}/demo/signup/${variantId}`;
      const token = kind === 'portal' ? ` data-token="${portalToken}"` : '';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title>
<script>
  window.porticoEvents = [];
  for (const name of ['portico-loaded', 'portico-resize', 'portico-step-change', 'portico-order-completed', 'portico-error', 'portico-session-expired'])
    document.addEventListener(name, (event) => window.porticoEvents.push({ name, detail: event.detail }));
  ${cancel}
</script>
<script type="module" src="${portico.url}/assets/portico-embed.js"></script>
</head><body><h1>Merchant shop</h1><div id="embed" data-portico-embed="${kind}" data-src="${src}"${token}${redirect}></div><footer>after</footer></body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostPort = (host.address() as AddressInfo).port;
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

  async function events(page: Page): Promise<Array<{ name: string; detail: unknown }>> {
    return page.evaluate(
      () => (window as unknown as { porticoEvents: Array<{ name: string; detail: unknown }> }).porticoEvents,
    );
  }

  async function waitForEvent(page: Page, name: string): Promise<void> {
    await page.waitForFunction(
      (n) => (window as unknown as { porticoEvents: Array<{ name: string }> }).porticoEvents.some((e) => e.name === n),
      name,
    );
  }

  async function iframeHeight(page: Page): Promise<number> {
    return page.locator('#embed iframe').evaluate((frame) => frame.getBoundingClientRect().height);
  }

  async function framedPage(page: Page): Promise<Frame> {
    const handle = await page.locator('#embed iframe').elementHandle();
    const frame = await handle?.contentFrame();
    assert.ok(frame, 'the loader made no iframe');
    return frame;
  }

  async function openHost(
    kind: 'signup' | 'portal',
    origin = listed,
    query = '',
  ): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/${kind}.html${query}`);
    return { page, errors };
  }

  it('sizes the iframe to its content: it grows and shrinks without an inner scrollbar', async () => {
    const { page, errors } = await openHost('signup');
    await waitForEvent(page, 'portico-loaded');
    const frame = await framedPage(page);
    await frame.locator('portico-signup h1').waitFor();
    const bodyHeight = () => frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    await page.waitForFunction(
      (expected) => Math.abs(document.querySelector('#embed iframe')!.getBoundingClientRect().height - expected) <= 1,
      await bodyHeight(),
    );
    const before = await iframeHeight(page);

    await frame.evaluate(() => {
      const block = document.createElement('div');
      block.id = 'grow';
      block.style.height = '900px';
      document.querySelector('main')!.append(block);
    });
    await page.waitForFunction(
      (h) => document.querySelector('#embed iframe')!.getBoundingClientRect().height >= h + 899,
      before,
    );
    assert.equal(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight), true);

    await frame.evaluate(() => document.getElementById('grow')!.remove());
    await page.waitForFunction(
      (h) => Math.abs(document.querySelector('#embed iframe')!.getBoundingClientRect().height - h) <= 1,
      before,
    );
    const resizes = (await events(page)).filter((e) => e.name === 'portico-resize');
    assert.ok(resizes.length >= 3, 'resize events reach the host page');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('relays step and order-completed events with ids to the host, and the host sets the language', async () => {
    const { page, errors } = await openHost('signup', listed, '?redirect=off');
    await waitForEvent(page, 'portico-loaded');
    const frame = page.frameLocator('#embed iframe');
    await placeSepaOrder(frame, `embed.${Date.now()}@example.com`);
    await waitForEvent(page, 'portico-order-completed');
    const all = await events(page);
    const steps = all.filter((e) => e.name === 'portico-step-change').map((e) => (e.detail as { step: string }).step);
    assert.ok(steps.includes('details'), `steps: ${steps.join(', ')}`);
    const completed = all.find((e) => e.name === 'portico-order-completed')?.detail as Record<string, unknown>;
    for (const key of ['orderId', 'customerId', 'contractId']) assert.match(String(completed[key]), /\S/, key);
    assert.equal(completed.successUrl, `${listed}/thanks.html`);
    await frame.locator('portico-signup .success h1').waitFor();
    assert.equal(page.url(), `${listed}/signup.html?redirect=off`, 'data-redirect="off" keeps the host page');
    assert.match((await framedPage(page)).url(), /\/demo\/signup\//, 'the iframe did not navigate either');

    await page.evaluate(() =>
      (
        document.getElementById('embed') as HTMLElement & { portico: { setLanguage(l: string): void } }
      ).portico.setLanguage('de'),
    );
    await frame.locator('portico-signup[lang="de"]').waitFor({ state: 'attached' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('after a signup in the iframe, the host page (top window) goes to the success URL', async () => {
    const { page, errors } = await openHost('signup');
    await waitForEvent(page, 'portico-loaded');
    await placeSepaOrder(page.frameLocator('#embed iframe'), `embed.redirect.${Date.now()}@example.com`);
    await page.waitForURL(`${listed}/thanks.html`);
    await page.getByRole('heading', { name: 'Thanks for signing up' }).waitFor();
    assert.equal(page.frames().length, 1, 'the top window navigated, not the iframe');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the host page can cancel the success redirect with preventDefault()', async () => {
    const { page, errors } = await openHost('signup', listed, '?cancel=1');
    await waitForEvent(page, 'portico-loaded');
    const frame = page.frameLocator('#embed iframe');
    await placeSepaOrder(frame, `embed.cancel.${Date.now()}@example.com`);
    await waitForEvent(page, 'portico-order-completed');
    await frame.locator('portico-signup .success h1').waitFor();
    // A redirect starts synchronously from the message handler; give a late one time to show up all the same.
    await page.waitForTimeout(500);
    assert.equal(page.url(), `${listed}/signup.html?cancel=1`);
    assert.match((await framedPage(page)).url(), /\/demo\/signup\//, 'the iframe stays on the signup page');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('ignores messages the host page posts to itself (spoofed origin and source)', async () => {
    const { page } = await openHost('signup');
    await waitForEvent(page, 'portico-loaded');
    await (await framedPage(page)).locator('portico-signup h1').waitFor();
    const before = await iframeHeight(page);
    const count = (await events(page)).length;
    // A listener for 'done' is in place before posting; messages arrive in order, so once 'done' arrived the
    // loader has already seen (and must have dropped) the spoofed ones.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          addEventListener('message', (event) => {
            if (event.data === 'done') resolve();
          });
          window.postMessage({ portico: 1, type: 'resize', detail: { height: 7 } }, '*');
          window.postMessage({ portico: 1, type: 'order-completed', detail: { orderId: 'forged' } }, '*');
          window.postMessage({ portico: 1, type: 'loaded', detail: null }, '*');
          window.postMessage('done', '*');
        }),
    );
    const later = (await events(page)).slice(count);
    assert.deepEqual(
      later.filter((e) => e.name !== 'portico-resize' || (e.detail as { height: number }).height === 7),
      [],
    );
    assert.notEqual(Math.round(await iframeHeight(page)), 7);
    assert.ok(Math.abs((await iframeHeight(page)) - before) <= 1);
    await page.close();
  });

  it('mounts the portal with the token in the fragment and relays its events', async () => {
    const { page, errors } = await openHost('portal');
    await waitForEvent(page, 'portico-loaded');
    const frame = await framedPage(page);
    assert.doesNotMatch(frame.url(), /[?&]token=/);
    await frame.locator('portico-portal').getByRole('heading').first().waitFor();
    await waitForEvent(page, 'portico-resize');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the browser refuses to frame the page for an origin the tenant does not list', async () => {
    const page = await browser.newPage();
    const refused = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
    await page.goto(`${unlisted}/signup.html`);
    await refused;
    const frame = await framedPage(page);
    assert.equal(await frame.locator('portico-signup').count(), 0);
    assert.deepEqual(
      (await events(page)).map((e) => e.name),
      [],
    );
    await page.close();
  });

  it('the direct link still works and carries no message bridge', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${portico.url}/demo/signup/${variantId}`);
    assert.equal(response?.status(), 200);
    assert.match(response?.headers()['content-security-policy'] ?? '', new RegExp(`frame-ancestors 'self' ${listed}`));
    await page.locator('portico-signup h1').waitFor();
    assert.doesNotMatch(await page.content(), /parentOrigin/);
    await page.close();
  });

  it('the demo merchant site shows the signup page and the portal inline, in an iframe and as a link', async () => {
    for (const kind of ['signup', 'portal'] as const) {
      const ready = kind === 'signup' ? 'portico-signup h1' : 'portico-portal h2, portico-portal h1';
      for (const mode of ['inline', 'iframe', 'link'] as const) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${portico.url}/demo-site/${kind}-${mode}.html`);
        if (mode === 'iframe') {
          await page.locator('#log li', { hasText: 'portico-loaded' }).waitFor();
          await page.frameLocator('#slot iframe').locator(ready).first().waitFor();
        } else {
          if (mode === 'link') await page.locator('#slot a').click();
          await page.locator(ready).first().waitFor();
        }
        assert.deepEqual(errors, [], `${kind}-${mode}`);
        await page.close();
      }
    }
  });
});
