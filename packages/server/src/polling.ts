/**
 * The loop of a background worker (the e-mail outbox, the webhook deliveries): one round at a time — `runOnce` while a
 * round runs returns that round — every `intervalMs` after the previous one ended, and a `stop` that waits for the
 * round in flight. A round checks `stopped` between its batches.
 */
export interface Poller {
  /** Runs a round now (or joins the one running); resolves with what it reports (e.g. the number sent). */
  runOnce(): Promise<number>;
  /** Starts polling every `intervalMs`. */
  start(intervalMs?: number): void;
  /** Stops polling and waits for the round in flight. */
  stop(): Promise<void>;
  readonly stopped: boolean;
}

export function poller(round: () => Promise<number>, onError: (error: unknown) => void): Poller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;
  const poll: Poller = {
    get stopped() {
      return stopped;
    },
    runOnce() {
      running ??= round().finally(() => {
        running = undefined;
      });
      return running;
    },
    start(intervalMs = 1000) {
      stopped = false;
      const tick = () => {
        poll
          .runOnce()
          .catch(onError)
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
  return poll;
}
