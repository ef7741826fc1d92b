// Component tests in a real Chromium. A real Portico server (in-memory PGlite with the demo seed) runs
// beside the test runner, and requests to /api/ and /themes/ are passed through to it, so components
// talk to the real API, never to a mock.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { register } from 'tsx/esm/api';
import { chromeArgs, findChrome } from './scripts/chrome.mjs';
import { failuresReporter } from './scripts/wtr-failures-reporter.mjs';

const executablePath = findChrome();
register();
const { startTestServer } = await import('./packages/server/src/testing/test-server.ts');
const portico = await startTestServer();

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length > 0 ? Buffer.concat(chunks) : undefined;
}

/** Passes /api/ and /themes/ through to the Portico server; /__portico/fixtures.json names seeded ids. */
async function porticoProxy(ctx, next) {
  if (ctx.path === '/__portico/fixtures.json') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(portico.fixtures);
    return;
  }
  if (!ctx.path.startsWith('/api/') && !ctx.path.startsWith('/themes/')) return next();
  const headers = { ...ctx.request.headers };
  delete headers.host;
  delete headers.connection;
  const body = ['GET', 'HEAD'].includes(ctx.method) ? undefined : await readBody(ctx.req);
  const response = await fetch(portico.url + ctx.url, { method: ctx.method, headers, body });
  ctx.status = response.status;
  for (const [name, value] of response.headers) {
    if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) ctx.set(name, value);
  }
  ctx.body = Buffer.from(await response.arrayBuffer());
}

/**
 * `executeServerCommand('emulate-forced-colors', { active })`: Chromium's forced-colors emulation (Windows high
 * contrast), which the emulate-media command of @web/test-runner-commands does not pass to puppeteer.
 */
function forcedColorsPlugin() {
  const sessions = new Map();
  return {
    name: 'emulate-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(session.id);
      if (!cdp) sessions.set(session.id, (cdp = await page.createCDPSession()));
      const value = payload?.active ? 'active' : 'none';
      await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value }] });
      return true;
    },
  };
}

/**
 * The default reporter, with its final summary ("Finished running tests in …") printed once. Without a terminal,
 * web-test-runner logs the progress when the run finishes and again when it stops, which repeats the summary.
 */
function summaryOnce(reporter) {
  if (process.stdout.isTTY) return reporter;
  let finished = false;
  return {
    ...reporter,
    getTestProgress(args) {
      if (finished) return [];
      const lines = reporter.getTestProgress(args);
      finished = lines.some((line) => String(line).includes('Finished running tests'));
      return lines;
    },
  };
}

export default {
  files: ['packages/elements/src/**/*.test.ts', 'packages/embed/src/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), forcedColorsPlugin()],
  middleware: [porticoProxy],
  reporters: [summaryOnce(defaultReporter()), failuresReporter()],
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: chromeArgs } })],
  // Every test file first configures axe (WCAG 2.2 target size on), then runs with mocha. Lit runs in its
  // development build, whose warnings of real mistakes (e.g. a change scheduled in an update) still show;
  // only its notice "Lit is in dev mode", once per test file, is marked as issued before Lit loads.
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html>
      <body>
        <script>globalThis.litIssuedWarnings = new Set(['dev-mode']);</script>
        <script type="module" src="/packages/elements/src/testing/axe-setup.ts"></script>
        <script type="module" src="${testFramework}"></script>
      </body>
    </html>`,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 180000,
  async stop() {
    await portico.stop();
  },
};
