import type { OrderDraft, OrderPreview } from '@portico/core';
import { getJson } from '../../base/api.ts';
import { NewestAnswer, overtaken } from '../../base/newest-answer.ts';

/** Waits `ms`, or less when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Asks the server for order previews as the draft changes: waits until changes pause (`delay` ms), and a newer
 * draft overtakes the request under way (waiting or sent: it is aborted, and only the newest answer is shown).
 */
export class PreviewRequest {
  readonly #previews = new NewestAnswer();

  constructor(
    private readonly onAnswer: (preview: OrderPreview) => void,
    private readonly onFailure: (error: unknown) => void,
    private readonly delay = 250,
  ) {}

  /** Asks for a preview of `draft`; only the last draft of a burst is sent. */
  request(url: string, draft: OrderDraft): void {
    void this.#send(url, draft);
  }

  cancel(): void {
    this.#previews.drop();
  }

  async #send(url: string, draft: OrderDraft): Promise<void> {
    try {
      const preview = await this.#previews.run(async (signal) => {
        await pause(this.delay, signal);
        signal.throwIfAborted();
        return getJson<OrderPreview>(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(draft),
          signal,
        });
      });
      if (preview !== overtaken) this.onAnswer(preview);
    } catch (error) {
      this.onFailure(error);
    }
  }
}
