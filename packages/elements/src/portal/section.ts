import { property } from 'lit/decorators.js';
import { LOCALE_STATUS_EVENT, msg, type LocaleStatusEventDetail } from '@lit/localize';
import type { PortalSession } from '@portico/core';
import { ApiError } from '../base/api.ts';
import { PorticoElement } from '../base/portico-element.ts';
import { hostStyles } from '../base/shared.styles.ts';
import { NewestAnswer, overtaken } from '../base/newest-answer.ts';
import { requestedLocale } from '../i18n/localization.ts';
import { PortalNavigateEvent, type PortalRoute } from './access.ts';
import type { PortalClient } from './client.ts';
import { isSessionEnded } from './client.ts';
import { sectionStyles } from './section.styles.ts';

/** What a section shows of its data: a load under way, the answer, or why it failed. */
export type Load<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string };

/**
 * The base of the portal's sections: the API client, the session, focus on the section's heading, and fresh data
 * when the language changes (the server translates catalog texts, such as plan and component names, into the
 * language the request names, so texts already loaded stay in the old language until loaded again).
 */
export class PortalSection extends PorticoElement {
  static override styles = [hostStyles, sectionStyles];

  /** The language the section's data was requested in. */
  #dataLocale = requestedLocale();

  /** The section's loads: only the newest one's answer is shown. */
  readonly #loads = new NewestAnswer();
  /** Whether an answer is shown (a quiet load that fails keeps it). */
  #shown = false;

  /** The portal's API client (set by `<portico-portal>`). */
  @property({ attribute: false }) client?: PortalClient;

  /** The portal session (set by `<portico-portal>`). */
  @property({ attribute: false }) session?: PortalSession;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(LOCALE_STATUS_EVENT, this.#onLocaleStatus);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(LOCALE_STATUS_EVENT, this.#onLocaleStatus);
  }

  /** Once another language's texts are shown, loads the section's data again in that language. */
  #onLocaleStatus = (event: Event): void => {
    const { detail } = event as CustomEvent<LocaleStatusEventDetail>;
    if (detail.status !== 'ready' || detail.readyLocale === this.#dataLocale) return;
    this.#dataLocale = detail.readyLocale;
    if (this.client) void this.reload();
  };

  /**
   * Loads the section's data again after the language changed, keeping what is shown (and anything the customer
   * typed) until the new data is there. Sections whose data holds catalog texts override it.
   */
  protected async reload(): Promise<void> {}

  /**
   * GETs `path` (in the language shown) and hands what to show to `show`: `loading`, then `ready` with the answer
   * or `error` with a sentence (nothing when the session ended: the portal then shows its own form). A `quiet`
   * load (the same data again, e.g. in another language) keeps what is shown until the answer is there, and keeps
   * it when the load fails. The answer of a load that a newer one overtook is dropped. Resolves with the answer
   * shown, else undefined.
   */
  protected async loadInto<T>(path: string, show: (load: Load<T>) => void, quiet = false): Promise<T | undefined> {
    const client = this.client;
    if (!client) return undefined;
    if (!quiet) {
      this.#shown = false;
      show({ status: 'loading' });
    }
    try {
      const data = await this.#loads.run((signal) => client.get<T>(path, signal));
      if (data === overtaken) return undefined;
      this.#shown = true;
      show({ status: 'ready', data });
      return data;
    } catch (error) {
      const message = this.errorMessage(error);
      if (message !== null && !(quiet && this.#shown)) show({ status: 'error', message });
      return undefined;
    }
  }

  /** Call when the section shows a save's answer: the load under way is dropped (its data is older). */
  protected dataSaved(): void {
    this.#loads.drop();
    this.#shown = true;
  }

  /** Moves focus to the section's heading, so screen readers announce the new section. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  protected navigate(route: PortalRoute): void {
    this.dispatchEvent(new PortalNavigateEvent(route));
  }

  /** A sentence for an API failure; null when the session ended (the portal then shows its own form). */
  protected errorMessage(error: unknown): string | null {
    if (isSessionEnded(error)) return null;
    if (error instanceof ApiError) {
      if (error.status === 0) return msg('The connection failed. Please check your connection and try again.');
      if (error.status === 403) return msg('You are not allowed to see this. Ask an owner of your account.');
      if (error.status === 404) return msg('This item was not found.');
      if (error.status === 429) return msg('Too many requests. Please wait a moment and try again.');
    }
    return msg('Something went wrong. Please try again.');
  }
}
