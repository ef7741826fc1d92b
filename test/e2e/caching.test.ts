import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { usePortico } from './support/portico.ts';

const assetsDir = path.resolve(import.meta.dirname, '../../dist');

interface Loaded {
  url: string;
  /** The status as Chromium presents it to the page: a revalidated response shows its cached 200. */
  status: number;
  /** The status the server sent on the wire (`responseReceivedExtraInfo`), if the request went to the server. */
  wireStatus: number | undefined;
  /** Taken from Chromium's HTTP cache (disk or memory) without asking the server. */
  fromCache: boolean;
  encoding: string | undefined;
}

/**
 * A repeat visit in Chromium: the hashed chunks come from the browser's cache without a request (immutable), the
 * entry point and the page are revalidated (304). What Chromium did is read from the DevTools protocol: a response
 * served from its cache is marked `fromDiskCache` or reported by `requestServedFromCache`.
 */
describe('caching in Chromium: a repeat visit fetches no hashed chunk', () => {
  const e2e = usePortico();

  async function visit(context: BrowserContext, url: string): Promise<Loaded[]> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const servedFromCache = new Set<string>();
    const loaded = new Map<string, Loaded>();
    const wire = new Map<string, number>();
    cdp.on('Network.requestServedFromCache', ({ requestId }) => servedFromCache.add(requestId));
    cdp.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) => wire.set(requestId, statusCode));
    cdp.on('Network.responseReceived', ({ requestId, response }) => {
      loaded.set(requestId, {
        url: response.url,
        status: response.status,
        wireStatus: undefined,
        fromCache: response.fromDiskCache === true || servedFromCache.has(requestId),
        encoding: response.headers['content-encoding'],
      });
    });
    await page.goto(url);
    // The whole form, the lazily loaded payment and terms sections included, then no request for half a second.
    await page.getByRole('radio', { name: 'SEPA direct debit' }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.close();
    return [...loaded].map(([requestId, response]) => ({ ...response, wireStatus: wire.get(requestId) }));
  }

  it('the second visit takes every chunk from the cache and revalidates the entry point and the page', async () => {
    const { signup } = e2e.portico.links();
    const context = await e2e.browser.newContext();
    const chunksOf = (loaded: Loaded[]) => loaded.filter((r) => /\/assets\/chunks\/.+\.js$/.test(r.url));
    const first = await visit(context, signup);
    const firstChunks = chunksOf(first);
    assert.ok(firstChunks.length >= 3, `the first visit loads chunks: ${first.map((r) => r.url).join(', ')}`);
    for (const chunk of firstChunks) {
      assert.equal(chunk.wireStatus, 200, `${chunk.url} comes from the server on the first visit`);
      // A chunk whose brotli copy would not be smaller has none (scripts/vite-compress.mjs) and is sent as it is.
      const file = path.join(assetsDir, new URL(chunk.url).pathname.replace(/^\/assets\//, ''));
      const expected = existsSync(`${file}.br`) ? 'br' : undefined;
      assert.equal(chunk.encoding, expected, `${chunk.url} is sent brotli-compressed when a smaller copy exists`);
    }

    assert.ok(
      firstChunks.filter((chunk) => chunk.encoding === 'br').length >= firstChunks.length - 1,
      'all chunks but a tiny one arrive brotli-compressed',
    );

    const second = await visit(context, signup);
    const secondChunks = chunksOf(second);
    assert.deepEqual(secondChunks.map((r) => r.url).sort(), firstChunks.map((r) => r.url).sort(), 'the same chunks');
    const fetched = secondChunks.filter((chunk) => !chunk.fromCache || chunk.wireStatus !== undefined);
    assert.deepEqual(
      fetched.map((r) => `${r.url} ${r.wireStatus}`),
      [],
      'no hashed chunk is requested from the server again',
    );
    // The entry point and the page itself are asked about once each, and answered 304 without a body (Chromium then
    // presents its cached 200 to the page).
    const entry = second.find((r) => r.url.endsWith('/assets/portico-signup.js'));
    assert.equal(entry?.wireStatus, 304, 'the entry point is revalidated');
    assert.equal(second.find((r) => r.url === signup)?.wireStatus, 304, 'the page is revalidated');
    const requested = second.filter((r) => r.wireStatus !== undefined && r.url.includes('/assets/'));
    assert.deepEqual(
      requested.map((r) => new URL(r.url).pathname),
      ['/assets/portico-signup.js'],
      'of the bundle, only the entry point is asked about',
    );
    await context.close();
  });
});
