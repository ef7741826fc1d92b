import type { OrderDraft, OrderPreview } from '@portico/core';
import { getJson } from '../../base/api.ts';

/**
 * Asks the server for order previews as the draft changes: waits until changes pause (`delay` ms), cancels the
 * request in flight when a newer one starts, and drops any answer that is not the newest.
 */
export class PreviewRequest {
  private counter = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;

  constructor(
    private readonly onAnswer: (preview: OrderPreview) => void,
    private readonly onFailure: (error: unknown) => void,
    private readonly delay = 250,
  ) {}

  /** Schedules a preview for `draft`; only the last draft of a burst is sent. */
  request(url: string, draft: OrderDraft): void {
    const id = ++this.counter;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(id, url, draft), this.delay);
  }

  cancel(): void {
    this.counter++;
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }

  private async send(id: number, url: string, draft: OrderDraft): Promise<void> {
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    try {
      const preview = await getJson<OrderPreview>(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(draft),
        signal: controller.signal,
      });
      if (id === this.counter) this.onAnswer(preview);
    } catch (error) {
      if (id === this.counter && !controller.signal.aborted) this.onFailure(error);
    }
  }
}
