import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';

export interface MerchantHost {
  /** `http://127.0.0.1:<port>`: the origin the demo tenant lists (`settings`). */
  listed: string;
  /** `http://localhost:<same port>`: another origin, which the tenant does not list. */
  unlisted: string;
  /** For `usePortico({ settings })`: the listed origin may frame and call Portico; success URL `/thanks.html`. */
  settings(): Record<string, unknown>;
}

/**
 * A merchant's site on another origin than Portico, started before the tests of the surrounding `describe` (call it
 * before `usePortico`) and closed after. `/thanks.html` is its thank-you page; every other address answers the
 * HTML that `render` makes for it.
 */
export function useMerchantHost(render: (url: URL) => string): MerchantHost {
  let server: Server | undefined;
  const host: MerchantHost = {
    listed: '',
    unlisted: '',
    settings: () => ({ frameOrigins: [host.listed], 'signup.successUrl': `${host.listed}/thanks.html` }),
  };
  before(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://host');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        url.pathname === '/thanks.html'
          ? '<!doctype html><html lang="en"><title>Thanks</title><h1>Thanks for signing up</h1></html>'
          : render(url),
      );
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    host.listed = `http://127.0.0.1:${port}`;
    host.unlisted = `http://localhost:${port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  return host;
}

export interface PorticoEvent {
  name: string;
  detail: unknown;
}

/** A script for the host page's head that records the named events (with their detail) in `window.porticoEvents`. */
export function recordPorticoEvents(names: string[]): string {
  return `<script>
  window.porticoEvents = [];
  for (const name of ${JSON.stringify(names)})
    document.addEventListener(name, (event) => window.porticoEvents.push({ name, detail: event.detail }));
</script>`;
}

/** The events recorded so far (see `recordPorticoEvents`). */
export async function porticoEvents(page: Page): Promise<PorticoEvent[]> {
  return page.evaluate(() => (window as unknown as { porticoEvents: PorticoEvent[] }).porticoEvents);
}

/** Waits until the page has recorded an event of that name, and returns the first. */
export async function waitForPorticoEvent(page: Page, name: string): Promise<PorticoEvent> {
  const event = await page.waitForFunction(
    (n) => (window as unknown as { porticoEvents: PorticoEvent[] }).porticoEvents.find((e) => e.name === n),
    name,
  );
  return (await event.jsonValue()) as PorticoEvent;
}
