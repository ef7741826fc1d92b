import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { FormControl } from './form-control.ts';

/**
 * The base of a form block that holds several fields (customer details, payment, options, terms): the server's
 * errors per field, which the block shows on its fields until the customer edits them.
 *
 * The page that placed the request owns `errors` and hands the same object down on every render; a block never
 * replaces it. Instead it remembers which fields were edited since that object arrived, so a stale object handed
 * down again (e.g. when the page re-renders to send) cannot bring a corrected field's error back. A new object —
 * the server's next answer — applies in full again.
 */
export abstract class FormBlock<Key extends string = string> extends FormControl {
  /** The server's errors by field; each applies until the customer edits that field. */
  @property({ attribute: false }) errors: Partial<Record<Key, string>> = {};

  /** Fields edited since `errors` arrived. */
  readonly #edited = new Set<Key>();

  /** The server's error for `key`, unless the customer edited that field since the server answered. */
  protected serverError(key: Key): string | undefined {
    return this.#edited.has(key) ? undefined : this.errors[key];
  }

  /** The fields the server's errors still apply to. */
  protected serverErrorKeys(): Key[] {
    return (Object.keys(this.errors) as Key[]).filter((key) => this.serverError(key) !== undefined);
  }

  /** The customer edited `key`: the server's error for it no longer applies. */
  protected edited(key: Key): void {
    if (this.serverError(key) === undefined) return;
    this.#edited.add(key);
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('errors')) this.#edited.clear();
    super.willUpdate(changed);
  }

  /** Every problem of the block's own inner controls, in page order. */
  protected problemsOf(controls: FormControl[]): string[] {
    return controls.flatMap((control) => control.problems());
  }
}
