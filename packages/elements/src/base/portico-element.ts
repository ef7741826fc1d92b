import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';

/**
 * The base of every Portico element: reactive `lang`/`dir` and a typed `emit()` whose events bubble
 * and cross shadow roots by default.
 */
export class PorticoElement extends LitElement {
  /** The element's language; falls back to the document's. */
  @property({ reflect: true }) override lang = '';

  /** Text direction; `auto` follows the language. */
  @property({ reflect: true }) override dir = '';

  /** Dispatches a Portico event; bubbles and is composed unless the event says otherwise. */
  emit<E extends Event>(event: E): E {
    this.dispatchEvent(event);
    return event;
  }

  /** The language in effect: the element's own, then the document's, then the browser's. */
  get effectiveLang(): string {
    return this.lang || document.documentElement.lang || navigator.language || 'en';
  }
}
