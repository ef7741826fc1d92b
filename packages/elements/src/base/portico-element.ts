import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '@lit/localize';
import { canonicalTag, isRtl, translationFor, useLocale, warnUnknownLanguage } from '../i18n/localization.ts';

/**
 * The base of every Portico element: reactive `lang`/`dir`, the page's language (see `effectiveLang`)
 * and a typed `emit()` whose events bubble and cross shadow roots by default. Every element re-renders
 * when the language changes.
 */
export class PorticoElement extends LitElement {
  /** The element's language; `?language=` in the address wins over it. */
  @property({ reflect: true }) override lang = '';

  /** Text direction; left empty, it follows the language (`rtl` for Arabic and Hebrew). */
  @property({ reflect: true }) override dir = '';

  /** The customer's language, once known (the portal sets it from the session). */
  @property({ attribute: false }) customerLanguage = '';

  /** The merchant's default language, used when neither the address, `lang` nor the customer names one. */
  @property({ attribute: 'tenant-language' }) tenantLanguage = '';

  /** Whether `dir` was set by the language rather than by the page. */
  #dirFromLanguage = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Dispatches a Portico event; bubbles and is composed unless the event says otherwise. */
  emit<E extends Event>(event: E): E {
    this.dispatchEvent(event);
    return event;
  }

  /**
   * The language in effect: `?language=` in the address, the element's `lang`, the customer's language,
   * the tenant's default, the page's `<html lang>`, the browser's. Tags that are not valid BCP 47 are
   * skipped with a warning.
   */
  get effectiveLang(): string {
    const candidates = [
      new URLSearchParams(window.location.search).get('language') ?? '',
      this.lang,
      this.customerLanguage,
      this.tenantLanguage,
      document.documentElement.lang,
      navigator.language,
    ];
    for (const candidate of candidates) {
      if (!candidate.trim()) continue;
      const tag = canonicalTag(candidate);
      if (tag) return tag;
      warnUnknownLanguage(candidate);
    }
    return 'en';
  }

  /** A Portico element inside another one's shadow root follows that one's language. */
  get #isOutermost(): boolean {
    const root = this.getRootNode();
    return !(root instanceof ShadowRoot && root.host instanceof PorticoElement);
  }

  protected override update(changed: PropertyValues): void {
    if (this.#isOutermost) this.#followLanguage();
    super.update(changed);
  }

  /** Loads the translation of the language in effect and sets `dir` from it unless the page set `dir`. */
  #followLanguage(): void {
    const lang = this.effectiveLang;
    const locale = translationFor(lang);
    if (!locale) warnUnknownLanguage(lang);
    void useLocale(locale ?? 'en');
    if (this.dir === '' || this.#dirFromLanguage) {
      const dir = isRtl(lang) && locale ? 'rtl' : '';
      this.#dirFromLanguage = dir !== '';
      this.dir = dir;
    }
  }
}
