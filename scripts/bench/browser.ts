/**
 * Browser figures of `npm run bench`: total blocking time (the sum over long tasks of their time beyond 50 ms) of a
 * page in Chromium (playwright-core, the system Chromium) at 4× CPU throttling (DevTools protocol
 * `Emulation.setCPUThrottlingRate`), from navigation until the signup's first field shows plus 2 s, counted by a
 * `longtask` PerformanceObserver registered before the page's own scripts. The page is loaded once to warm the
 * server and the browser's cache settings are left as a first visit (a fresh context each time).
 *
 * A host page runs its own scripts besides Portico's, so each long task is also attributed: the Long Animation
 * Frames API names the scripts that ran in it (`sourceURL`, each run's duration), and a task is Portico's unless most
 * of its script time was spent in the host page's own files (Portico's are under `/assets/…`: the loader, the
 * elements and their chunks; a run without a file counts as Portico's).
 * `porticoLongestTaskMs` is the longest of those — what the embed costs the host page at once.
 */
import { chromium, type Browser } from 'playwright-core';
import { chromeArgs, findChrome } from '../chrome.mjs';

export interface BlockingTime {
  tbtMs: number;
  longestTaskMs: number;
  /** The longest task whose script time was mostly Portico's (0 when none was over 50 ms). */
  porticoLongestTaskMs: number;
  tasks: number;
}

interface Task {
  start: number;
  duration: number;
}

interface ScriptRun extends Task {
  url: string;
}

const OBSERVE = `
  window.__longTasks = [];
  window.__scripts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries())
      for (const script of frame.scripts)
        window.__scripts.push({ start: script.startTime, duration: script.duration, url: script.sourceURL });
  }).observe({ type: 'long-animation-frame', buffered: true });
`;

/** Portico's files as the host page loads them: the loader, the elements and their chunks. */
function isPortico(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith('/assets/');
  } catch {
    return false;
  }
}

/** Whether most of the script time inside `task` was Portico's (a task without script runs counts as Portico's). */
function porticoTask(task: Task, scripts: ScriptRun[]): boolean {
  let portico = 0;
  let other = 0;
  for (const script of scripts) {
    const overlap =
      Math.min(task.start + task.duration, script.start + script.duration) - Math.max(task.start, script.start);
    if (overlap <= 0) continue;
    // A run without a file (a native callback resuming a page's promise, e.g. a script's onload) is counted as
    // Portico's: what ran may have been the element's first render, and a figure must not flatter.
    if (!script.url || isPortico(script.url)) portico += overlap;
    else other += overlap;
  }
  return portico >= other;
}

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
    const { tasks, scripts } = await page.evaluate(() => {
      const seen = window as unknown as { __longTasks: Task[]; __scripts: ScriptRun[] };
      return { tasks: seen.__longTasks, scripts: seen.__scripts };
    });
    const durations = tasks.map((task) => task.duration);
    return {
      tbtMs: durations.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
      longestTaskMs: Math.max(0, ...durations),
      porticoLongestTaskMs: Math.max(0, ...tasks.filter((task) => porticoTask(task, scripts)).map((t) => t.duration)),
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
