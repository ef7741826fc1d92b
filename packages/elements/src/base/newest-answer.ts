/** What `NewestAnswer.run` resolves with when the run was overtaken: whatever its request answered is stale. */
export const overtaken: unique symbol = Symbol('overtaken');

/**
 * "Newest answer wins", for requests that may overlap (a filter changed twice, the language switched during a load):
 * every run aborts the run before it, and a run that a newer one (or `drop()`) overtook resolves with `overtaken`,
 * whatever its request answered or threw, so an older answer that arrives late never replaces a newer one. The
 * request gets the run's `AbortSignal` to hand on to `fetch`. The one mechanism for this in the elements: the
 * portal's sections and contract names, and the signup page's plan and price preview use it.
 */
export class NewestAnswer {
  #current: AbortController | null = null;

  /** Runs `request`, overtaking the run under way; resolves with its answer, or `overtaken`. */
  async run<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T | typeof overtaken> {
    this.#current?.abort();
    const controller = new AbortController();
    this.#current = controller;
    try {
      const answer = await request(controller.signal);
      return controller.signal.aborted ? overtaken : answer;
    } catch (error) {
      if (controller.signal.aborted) return overtaken;
      throw error;
    } finally {
      if (this.#current === controller) this.#current = null;
    }
  }

  /** Overtakes the run under way without starting another, e.g. when a save answered with newer data. */
  drop(): void {
    this.#current?.abort();
    this.#current = null;
  }
}
