import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { chromeArgs, findChrome } from '../../../scripts/chrome.mjs';
import { startTestMailbox, type TestMailbox } from './mailbox.ts';

/** The demo links the server prints at start. */
export interface DemoLinks {
  /** The demo plan's signup page, `…/demo/signup/<variantId>`. */
  signup: string;
  variantId: string;
  /** The demo customer's portal, `…/demo/portal#token=<portalToken>`. */
  portal: string;
  portalToken: string;
}

export interface PorticoProcess {
  url: string;
  output: () => string;
  /** The signup and portal links from the start banner; fails the test when one is missing. */
  links(): DemoLinks;
  stop(): Promise<void>;
}

export interface PorticoOptions {
  /** Seed the demo merchant before the start with these settings replaced (see `demoDataDir`). */
  settings?: Record<string, unknown>;
  /** Listen on a port chosen beforehand and name it in `PORTICO_PUBLIC_URL`, so e-mailed links lead back here. */
  publicUrl?: boolean;
}

/** A free localhost port. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * Starts the real server (`packages/server/src/main.ts`) as its own process on a free port and a fresh data dir
 * holding a copy of the seeded demo (`demoDataDir`), which `stop()` removes.
 */
export async function startPortico(
  env: Record<string, string> = {},
  options: PorticoOptions = {},
): Promise<PorticoProcess> {
  // Always on a copy of the seeded demo: the server's own seeding (a year of billing) then has nothing to do.
  const dataDir = await (await import('./demo-data.ts')).demoDataDir(options.settings ?? {});
  const port = options.publicUrl ? await freePort() : 0;
  const publicUrl = options.publicUrl ? { PORTICO_PUBLIC_URL: `http://127.0.0.1:${port}` } : {};
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PORTICO_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...publicUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Portico is running at (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    links() {
      const signup = /Signup page:\s+(\S+\/demo\/signup\/(\S+))/.exec(output);
      const portal = /Customer portal:\s+(\S+#token=(\S+))/.exec(output);
      assert.ok(signup?.[2], `no signup link in the start banner:\n${output}`);
      assert.ok(portal?.[2], `no portal link with a token in the start banner:\n${output}`);
      return { signup: signup[1]!, variantId: signup[2], portal: portal[1]!, portalToken: portal[2] };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChrome(), args: chromeArgs });
}

export interface OpenedPage {
  page: Page;
  /** The page's uncaught errors. */
  errors: string[];
  /** The page's console warnings. */
  warnings: string[];
  response: Response | null;
}

export type OpenOptions = NonNullable<Parameters<Browser['newPage']>[0]> & {
  /** Runs on the new page before it goes to the address (to install a clock, add listeners, …). */
  prepare?: (page: Page) => unknown;
};

/** Opens `url` in a new page and collects what the page reports while the test drives it. */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const { prepare, ...pageOptions } = options;
  const page = await browser.newPage(pageOptions);
  await prepare?.(page);
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  const response = await page.goto(url);
  return { page, errors, warnings, response };
}

export interface E2e {
  portico: PorticoProcess;
  browser: Browser;
  /** Only with `{ mailbox: true }`: Portico sends its e-mails here. */
  mailbox: TestMailbox;
  /** `openPage` in this browser. */
  open(url: string, options?: OpenOptions): Promise<OpenedPage>;
}

/**
 * Starts Portico and Chromium (and a test mailbox that Portico sends to, with `mailbox: true`) before the tests of
 * the surrounding `describe`, and stops them after. `settings` may be a function, called in that `before` hook.
 * The fields are there once the tests run.
 */
export function usePortico(
  options: Omit<PorticoOptions, 'settings'> & {
    env?: Record<string, string>;
    mailbox?: boolean;
    settings?: Record<string, unknown> | (() => Record<string, unknown>);
  } = {},
): E2e {
  const e2e = { open: (url, openOptions) => openPage(e2e.browser, url, openOptions) } as E2e;
  before(async () => {
    if (options.mailbox) e2e.mailbox = await startTestMailbox();
    const settings = typeof options.settings === 'function' ? options.settings() : options.settings;
    const smtp: Record<string, string> = options.mailbox ? { SMTP_URL: e2e.mailbox.url } : {};
    e2e.portico = await startPortico({ ...smtp, ...options.env }, { publicUrl: options.publicUrl, settings });
    e2e.browser = await launchBrowser();
  });
  after(async () => {
    await e2e.browser?.close();
    await e2e.portico?.stop();
    await e2e.mailbox?.close();
  });
  return e2e;
}
