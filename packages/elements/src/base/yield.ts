/**
 * Lets the browser run what waits (input, painting, the host page's own work) before Portico goes on: long work is
 * split into tasks of their own this way, so that none blocks the page it is embedded in for long.
 * `scheduler.yield()` where the browser has it (the rest runs first among the waiting tasks), else a new task.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs work that can wait (nothing the first view needs) when the browser is idle, within a second at the latest. */
export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work(), { timeout: 1000 });
  else setTimeout(work, 0);
}
