// `npm run size`: the JavaScript a browser really receives for each page, measured in headless Chromium against the
// real server on the built dist/ (run `npm run build` first). For each page, in a fresh browser profile (empty cache):
// every JS response until the page's first field is usable — signup: its first input is visible and enabled; portal
// (first view, signed in with a self-service link): the dashboard shows; embed: the loader alone on a merchant's page,
// until that page's load event — with the bytes Chromium received for its body (CDP Network.loadingFinished
// encodedDataLength less the response headers), as the server sent it for Chromium's own Accept-Encoding (brotli).
// Beside it: the gzip bytes of the same files (their .gz, what a client without brotli receives) and the bytes
// uncompressed. One JSON line per page; exits 1 when a page is over its brotli budget or a file was sent uncompressed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromeArgs, findChrome } from './chrome.mjs';

const KB = 1024;
const budgets = {
  'portico-signup': 30 * KB,
  'portico-portal': 25 * KB,
  'portico-embed': 1 * KB,
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(repoRoot, 'dist');
if (!existsSync(path.join(dist, '.vite', 'manifest.json'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

// A whole run takes seconds; this only guards CI against a page that never becomes usable.
const guard = setTimeout(() => {
  console.error('npm run size: no result within 90 s');
  process.exit(1);
}, 90_000);

const { startTestServer } = await import('../packages/server/src/testing/test-server.ts');
const server = await startTestServer();
const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs });

/** The gzip (level 9) bytes and the uncompressed bytes of a file of dist/, by its address under /assets/. */
function fileSizes(url) {
  const file = path.join(dist, decodeURIComponent(new URL(url).pathname.replace(/^\/assets\//, '')));
  const raw = statSync(file).size;
  const gzip = existsSync(`${file}.gz`)
    ? statSync(`${file}.gz`).size
    : gzipSync(readFileSync(file), { level: 9 }).length;
  return { raw, gzip };
}

/**
 * Opens `url` in a fresh context and records every JS response until `ready(page)` resolves: what was received then
 * is what the page needed first (later lazy loads are not counted).
 */
/**
 * Loads `url` in a fresh context and returns the JavaScript responses that had arrived when the page became ready.
 * `isReady` runs in the page after every task from the start: the first task after which it holds marks the moment, and
 * only responses whose Resource Timing `responseEnd` lies before it count — so a chunk the page fetches after its
 * first field is usable (a later section) is left out however fast the check runs. Bytes come from CDP
 * (`encodedDataLength` of the body, as sent) and so does the encoding.
 */
async function measure(url, isReady) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Checked after every task (a MessageChannel turn, which no timer clamp delays), not once per frame: the moment is
  // the task that made the page ready, before the chunk a later stage asks for can arrive.
  await page.addInitScript(`(() => {
    const isReady = ${isReady.toString()};
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (isReady()) window.__porticoReadyAt = performance.now();
      else channel.port2.postMessage(0);
    };
    channel.port2.postMessage(0);
  })();`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const responses = new Map();
  const finished = new Map();
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    if (type === 'Script' || /\.m?js(?:$|\?)/.test(new URL(response.url).pathname)) {
      responses.set(requestId, {
        url: response.url,
        status: response.status,
        encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? 'identity',
        headerBytes: response.encodedDataLength,
      });
    }
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const response = responses.get(requestId);
    if (response) finished.set(response.url, { ...response, received: encodedDataLength });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__porticoReadyAt !== undefined, null, { timeout: 30_000 });
  const before = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => entry.responseEnd <= window.__porticoReadyAt)
      .map((entry) => entry.name),
  );
  // Every response counted has finished loading by now (CDP reports it after the page's own timing).
  await page.waitForFunction((count) => performance.getEntriesByType('resource').length >= count, before.length);
  const loaded = before.map((name) => finished.get(name)).filter((response) => response !== undefined);
  await context.close();
  return loaded;
}

// In the page: the signup page's first field is visible and enabled.
function signupReady() {
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.tagName === 'INPUT') return el;
      const inner = el.shadowRoot && find(el.shadowRoot);
      if (inner) return inner;
    }
    return null;
  };
  const signup = document.querySelector('portico-signup');
  const input = signup?.shadowRoot && find(signup.shadowRoot);
  return Boolean(input && !input.disabled && input.getClientRects().length > 0);
}

// In the page: the signed-in portal's dashboard shows its heading.
function portalReady() {
  const find = (root, selector) => {
    const hit = root.querySelector(selector);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      const inner = el.shadowRoot && find(el.shadowRoot, selector);
      if (inner) return inner;
    }
    return null;
  };
  const dashboard = find(document, 'portico-portal-dashboard');
  const heading = dashboard?.shadowRoot?.querySelector('h2');
  return Boolean(heading && heading.getClientRects().length > 0);
}

// The merchant's page for the loader: another origin, the loader's script tag and nothing else.
const host = createServer((_request, response) => {
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.end(
    `<!doctype html><html lang="en"><title>Shop</title><script type="module" src="${server.url}/assets/portico-embed.js"></script><h1>Shop</h1></html>`,
  );
});
await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostUrl = `http://localhost:${host.address().port}/`;

const { tenant, signupVariantId, portalToken } = server.fixtures;
const pages = [
  ['portico-signup', `${server.url}/${tenant}/signup/${signupVariantId}`, signupReady],
  ['portico-portal', `${server.url}/${tenant}/portal#token=${portalToken}`, portalReady],
  ['portico-embed', hostUrl, () => document.readyState === 'complete'],
];

let failed = false;
try {
  for (const [name, url, ready] of pages) {
    const loaded = await measure(url, ready);
    const files = loaded.map((response) => {
      const { raw, gzip } = fileSizes(response.url);
      return {
        file: new URL(response.url).pathname.replace(/^\/assets\//, ''),
        encoding: response.encoding,
        received: response.received - response.headerBytes,
        gzip,
        raw,
      };
    });
    const sum = (key) => files.reduce((total, file) => total + file[key], 0);
    const value = sum('received');
    const budget = budgets[name];
    // A file whose brotli copy would not be smaller has none (scripts/vite-compress.mjs) and is rightly sent as it is.
    const uncompressed = files
      .filter((file) => file.encoding !== 'br' && existsSync(`${path.join(dist, file.file)}.br`))
      .map((file) => file.file);
    const over = value > budget;
    if (over || uncompressed.length > 0) failed = true;
    console.log(
      JSON.stringify({
        name: `size_${name}`,
        value,
        unit: 'bytes',
        budget,
        verdict: over ? 'OVER BUDGET' : uncompressed.length > 0 ? 'NOT BROTLI' : 'ok',
        gzip: sum('gzip'),
        uncompressed: sum('raw'),
        requests: files.length,
        files: files.map((file) => `${file.file} ${file.received}`),
      }),
    );
    if (over) {
      console.error(
        `${name}: ${(value / KB).toFixed(1)} KB of JavaScript (brotli, as received) is over its budget of ${budget / KB} KB`,
      );
    }
    if (uncompressed.length > 0) console.error(`${name}: sent without brotli: ${uncompressed.join(', ')}`);
  }
} finally {
  await browser.close();
  host.close();
  await server.stop();
  clearTimeout(guard);
}
if (failed) {
  console.error('size budget exceeded (see the lines marked OVER BUDGET or NOT BROTLI)');
  process.exit(1);
}
