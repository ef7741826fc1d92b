/**
 * When an event-loop lag counts as overload. `@fastify/under-pressure` samples the lag once a second; a single
 * stall (a first PDF render loading its fonts, a module loaded on first use, a busy neighbour on the machine) makes
 * one sample high and would refuse every request of the next second. Portico refuses only a lag that lasts: one
 * seen in every sample for `sustainMs`. A pause of `gapMs` without a high sample starts the count again.
 */
export interface SustainedPressureOptions {
  sustainMs: number;
  gapMs: number;
  now?: () => number;
}

/** The pressure handler for under-pressure: lets a request through (undefined) or refuses it with a 503 error. */
export function sustainedPressure(options: SustainedPressureOptions): () => Promise<void> {
  const now = options.now ?? Date.now;
  let since: number | null = null;
  let lastSeen = -Infinity;
  return async () => {
    const at = now();
    if (since === null || at - lastSeen > options.gapMs) since = at;
    lastSeen = at;
    if (at - since >= options.sustainMs) {
      throw Object.assign(new Error('the event loop has lagged for a while: overloaded'), { statusCode: 503 });
    }
  };
}
