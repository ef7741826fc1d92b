import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { porticoEvents, recordPorticoEvents, useMerchantHost, waitForPorticoEvent } from './support/merchant-host.ts';
import { usePortico, type OpenedPage } from './support/portico.ts';
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
  const host = useMerchantHost((url) => {
    const { url: portico } = e2e.portico;
    const { variantId, portalToken } = e2e.portico.links();
    const kind = url.pathname === '/portal.html' ? 'portal' : 'signup';
    const redirect = url.searchParams.get('redirect') === 'off' ? ' data-redirect="off"' : '';
    const cancel = url.searchParams.has('cancel')
      ? "<script>document.addEventListener('portico-order-completed', (event) => event.preventDefault());</script>"
      : '';
    const src = kind === 'portal' ? `${portico}/demo/portal` : `${portico}/demo/signup/${variantId}`;
    const token = kind === 'portal' ? ` data-token="${portalToken}"` : '';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merchant</title>
${recordPorticoEvents(['portico-loaded', 'portico-resize', 'portico-step-change', 'portico-order-completed', 'portico-error', 'portico-session-expired'])}
${cancel}
<script type="module" src="${portico}/assets/portico-embed.js"></script>
</head><body><h1>Merchant shop</h1><div id="embed" data-portico-embed="${kind}" data-src="${src}"${token}${redirect}></div><footer>after</footer></body></html>`;
  });
  const e2e = usePortico({ settings: host.settings });

  async function iframeHeight(page: Page): Promise<number> {
    return page.locator('#embed iframe').evaluate((frame) => frame.getBoundingClientRect().height);
  }

  async function framedPage(page: Page): Promise<Frame> {
    const handle = await page.locator('#embed iframe').elementHandle();
    const frame = await handle?.contentFrame();
    assert.ok(frame, 'the loader made no iframe');
    return frame;
  }

  /** The host page with the embed, once the loader reported `portico-loaded`. */
  async function openHost(kind: 'signup' | 'portal', origin = host.listed, query = ''): Promise<OpenedPage> {
    const opened = await e2e.open(`${origin}/${kind}.html${query}`);
    await waitForPorticoEvent(opened.page, 'portico-loaded');
    return opened;
  }

  it('sizes the iframe to its content: it grows and shrinks without an inner scrollbar', async () => {
    const { page, errors } = await openHost('signup');
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
    const resizes = (await porticoEvents(page)).filter((e) => e.name === 'portico-resize');
    assert.ok(resizes.length >= 3, 'resize events reach the host page');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('relays step and order-completed events with ids to the host, and the host sets the language', async () => {
    const { page, errors } = await openHost('signup', host.listed, '?redirect=off');
    const frame = page.frameLocator('#embed iframe');
    await placeSepaOrder(frame, `embed.${Date.now()}@example.com`);
    await waitForPorticoEvent(page, 'portico-order-completed');
    const all = await porticoEvents(page);
    const steps = all.filter((e) => e.name === 'portico-step-change').map((e) => (e.detail as { step: string }).step);
    assert.ok(steps.includes('details'), `steps: ${steps.join(', ')}`);
    const completed = all.find((e) => e.name === 'portico-order-completed')?.detail as Record<string, unknown>;
    for (const key of ['orderId', 'customerId', 'contractId']) assert.match(String(completed[key]), /\S/, key);
    assert.equal(completed.successUrl, `${host.listed}/thanks.html`);
    await frame.locator('portico-signup .success h1').waitFor();
    assert.equal(page.url(), `${host.listed}/signup.html?redirect=off`, 'data-redirect="off" keeps the host page');
    assert.match((await framedPage(page)).url(), /\/demo\/signup\//, 'the iframe did not navigate either');

    await page.evaluate(() =>
      (
        document.getElementById('embed') as HTMLElement & { portico: { setLanguage(l: string): void } }
      ).portico.setLanguage('de'),
    );
    await frame.locator('portico-signup[lang="de"]').waitFor({ state: 'attached' });
    // The address's ?language= (which outranks lang) follows, so a page opened with a language switches too.
    assert.match((await framedPage(page)).url(), /[?&]language=de(&|$)/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a language switch does not make the iframe collapse and grow back (no height flicker)', async () => {
    const heightSettled = async (page: Page, frame: Frame) =>
      page.waitForFunction(
        (expected) => Math.abs(document.querySelector('#embed iframe')!.getBoundingClientRect().height - expected) <= 1,
        await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height)),
      );
    // Signup: the order button's text; portal: the navigation's first label (both German after the switch).
    const cases = [
      { kind: 'signup', text: 'portico-signup button[type="submit"]', english: 'Place order', picker: false },
      { kind: 'portal', text: 'portico-portal nav button', english: 'Overview', picker: false },
      { kind: 'signup', text: 'portico-signup button[type="submit"]', english: 'Place order', picker: true },
      { kind: 'portal', text: 'portico-portal nav button', english: 'Overview', picker: true },
    ] as const;
    for (const { kind, text, english, picker } of cases) {
      const { page, errors } = await openHost(kind);
      const frame = await framedPage(page);
      await frame.locator(text).first().filter({ hasText: english }).waitFor();
      await heightSettled(page, frame);
      const before = await iframeHeight(page);
      // Every height the iframe takes from here on: the resize messages and the iframe's own box.
      await page.evaluate((picker) => {
        const seen: number[] = ((window as unknown as { heights: number[] }).heights = []);
        const embed = document.getElementById('embed') as HTMLElement & {
          portico: { iframe: HTMLIFrameElement; setLanguage(l: string): void };
        };
        embed.addEventListener('portico-resize', (event) => {
          seen.push((event as CustomEvent<{ height: number }>).detail.height);
        });
        new ResizeObserver(() => seen.push(embed.portico.iframe.getBoundingClientRect().height)).observe(
          embed.portico.iframe,
        );
        if (!picker) embed.portico.setLanguage('de');
      }, picker);
      if (picker) await frame.locator('portico-language-picker select').selectOption('de');
      await frame.locator(text).first().filter({ hasNotText: english }).waitFor();
      // The German texts may change the height once more: wait until the iframe has the page's height again.
      await heightSettled(page, frame);
      const heights = await page.evaluate(() => (window as unknown as { heights: number[] }).heights);
      const lowest = Math.min(before, ...heights);
      assert.ok(
        lowest >= before * 0.8,
        `${kind}: the iframe shrank from ${before} to ${lowest} px (heights: ${heights.join(', ')})`,
      );
      assert.deepEqual(errors, [], kind);
      await page.close();
    }
  });

  it('after a signup in the iframe, the host page (top window) goes to the success URL', async () => {
    const { page, errors } = await openHost('signup');
    await placeSepaOrder(page.frameLocator('#embed iframe'), `embed.redirect.${Date.now()}@example.com`);
    await page.waitForURL(`${host.listed}/thanks.html`);
    await page.getByRole('heading', { name: 'Thanks for signing up' }).waitFor();
    assert.equal(page.frames().length, 1, 'the top window navigated, not the iframe');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the host page can cancel the success redirect with preventDefault()', async () => {
    const { page, errors } = await openHost('signup', host.listed, '?cancel=1');
    const frame = page.frameLocator('#embed iframe');
    await placeSepaOrder(frame, `embed.cancel.${Date.now()}@example.com`);
    await waitForPorticoEvent(page, 'portico-order-completed');
    await frame.locator('portico-signup .success h1').waitFor();
    // A redirect starts synchronously from the message handler; give a late one time to show up all the same.
    await page.waitForTimeout(500);
    assert.equal(page.url(), `${host.listed}/signup.html?cancel=1`);
    assert.match((await framedPage(page)).url(), /\/demo\/signup\//, 'the iframe stays on the signup page');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('ignores messages the host page posts to itself (spoofed origin and source)', async () => {
    const { page } = await openHost('signup');
    await (await framedPage(page)).locator('portico-signup h1').waitFor();
    const before = await iframeHeight(page);
    const count = (await porticoEvents(page)).length;
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
    const later = (await porticoEvents(page)).slice(count);
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
    const frame = await framedPage(page);
    assert.doesNotMatch(frame.url(), /[?&]token=/);
    await frame.locator('portico-portal').getByRole('heading').first().waitFor();
    await waitForPorticoEvent(page, 'portico-resize');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the browser refuses to frame the page for an origin the tenant does not list', async () => {
    const page = await e2e.browser.newPage();
    const refused = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
    await page.goto(`${host.unlisted}/signup.html`);
    await refused;
    const frame = await framedPage(page);
    assert.equal(await frame.locator('portico-signup').count(), 0);
    assert.deepEqual(
      (await porticoEvents(page)).map((e) => e.name),
      [],
    );
    await page.close();
  });

  it('the direct link still works and carries no message bridge', async () => {
    const { page, response } = await e2e.open(e2e.portico.links().signup);
    assert.equal(response?.status(), 200);
    assert.match(
      response?.headers()['content-security-policy'] ?? '',
      new RegExp(`frame-ancestors 'self' ${host.listed}`),
    );
    await page.locator('portico-signup h1').waitFor();
    assert.doesNotMatch(await page.content(), /parentOrigin/);
    await page.close();
  });

  it('the demo merchant site shows the signup page and the portal inline, in an iframe and as a link', async () => {
    for (const kind of ['signup', 'portal'] as const) {
      const ready = kind === 'signup' ? 'portico-signup h1' : 'portico-portal h2, portico-portal h1';
      for (const mode of ['inline', 'iframe', 'link'] as const) {
        const { page, errors } = await e2e.open(`${e2e.portico.url}/demo-site/${kind}-${mode}.html`);
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
