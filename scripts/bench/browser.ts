/**
 * Browser figures of `npm run bench`: total blocking time (the sum over long tasks of their time beyond 50 ms) of a
 * page in Chromium (playwright-core, the system Chromium) at 4× CPU throttling (DevTools protocol
 * `Emulation.setCPUThrottlingRate`), from navigation until the signup's first field shows plus 2 s, counted by a
 * `longtask` PerformanceObserver registered before the page's own scripts. The page is loaded once to warm the
 * server and the browser's cache settings are left as a first visit (a fresh context each time).
 */
import { chromium, type Browser } from 'playwright-core';
import { chromeArgs, findChrome } from '../chrome.mjs';

export interface BlockingTime {
  tbtMs: number;
  longestTaskMs: number;
  tasks: number;
}

const OBSERVE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

async function measure(browser: Browser, url: string): Promise<BlockingTime> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url);
    await page.locator('portico-signup input').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForTimeout(2000);
    const durations = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    return {
      tbtMs: durations.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
      longestTaskMs: Math.max(0, ...durations),
      tasks: durations.length,
    };
  } finally {
    await context.close();
  }
}

/** The median of three loads (by blocking time) of each page. */
export async function blockingTimes(pages: Record<string, string>): Promise<Record<string, BlockingTime>> {
  const browser = await chromium.launch({ executablePath: findChrome(), args: chromeArgs });
  try {
    const results: Record<string, BlockingTime> = {};
    for (const [name, url] of Object.entries(pages)) {
      await measure(browser, url); // Warm-up: the server's caches and the OS's file cache, not the browser's.
      const runs: BlockingTime[] = [];
      for (let i = 0; i < 3; i += 1) runs.push(await measure(browser, url));
      results[name] = runs.sort((a, b) => a.tbtMs - b.tbtMs)[1]!;
    }
    return results;
  } finally {
    await browser.close();
  }
}
