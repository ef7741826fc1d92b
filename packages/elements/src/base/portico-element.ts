import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { updateWhenLocaleChanges } from '@lit/localize';
import { canonicalLanguageTag as canonicalTag, numberFormat } from '@portico/core';
import { isRtl, setReplacementTexts, translationFor, useLocale, warnUnknownLanguage } from '../i18n/localization.ts';
import type { LanguageStringTables, StringTable } from '../i18n/overrides.ts';

let intlDataLoaded = false;

/**
 * The first `Intl` formatter of a page loads the browser's locale data (ICU): one native call of 115–190 ms at 4× CPU
 * throttling in Chromium, whatever kind of formatter comes first, that nothing can split; every later one takes a
 * few milliseconds. Portico makes it once, in a task of its own while the element waits for its data, so that it does
 * not add to the task of the first render (a page that formats with `Intl` itself has paid it already).
 */
function loadIntlData(language: string): void {
  if (intlDataLoaded) return;
  intlDataLoaded = true;
  setTimeout(() => numberFormat(language).format(0), 0);
}

/**
 * The base of every Portico element: reactive `lang`/`dir`, the page's language (see `effectiveLang`)
 * and a typed `emit()` whose events bubble and cross shadow roots by default. Every element re-renders
 * when the language changes.
 */
export class PorticoElement extends LitElement {
  /**
   * The element's language; `?language=` in the address wins over it. Left empty, there is no `lang` attribute
   * (an empty one would tell assistive technology the language is unknown).
   */
  @property({ reflect: true, converter: { toAttribute: (value: string) => value || null } }) override lang = '';

  /** Text direction; left empty, it follows the language (`rtl` for Arabic and Hebrew). */
  @property({ reflect: true }) override dir = '';

  /**
   * The customer's language, once known (the portal sets it from the session).
   * @internal
   */
  @property({ attribute: false }) customerLanguage = '';

  /** The merchant's default language, used when neither the address, `lang` nor the customer names one. */
  @property({ attribute: 'tenant-language' }) tenantLanguage = '';

  /**
   * Replacement texts for the language shown, by message id (`<trans-unit id>` in `locales/*.xlf`) or by
   * English text (`{0}`, `{1}` … for a message's values): `{ 'Your details': 'About you' }`. Plain text, never
   * HTML. They win over the merchant's configured texts and apply to every Portico element on the page.
   * Set it on `<portico-signup>` or `<portico-portal>`; as an attribute, JSON.
   */
  @property({ type: Object }) strings: StringTable = {};

  /** Whether `dir` was set by the language rather than by the page. */
  #dirFromLanguage = false;

  /** The merchant's replacement texts per language, as the server sent them. */
  #tenantStrings: LanguageStringTables = {};
  #publishedTexts = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#publishTexts();
    loadIntlData(this.effectiveLang);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#publishedTexts) setReplacementTexts(this, null);
    this.#publishedTexts = false;
  }

  /** Shows the merchant's replacement texts (`stringOverrides` of the signup config or portal session). */
  protected useTenantStrings(tables: LanguageStringTables | undefined): void {
    this.#tenantStrings = tables && typeof tables === 'object' ? tables : {};
    this.#publishTexts();
  }

  #publishTexts(): void {
    const strings = this.strings && typeof this.strings === 'object' ? this.strings : {};
    const empty = Object.keys(strings).length === 0 && Object.keys(this.#tenantStrings).length === 0;
    if (empty && !this.#publishedTexts) return;
    setReplacementTexts(this, empty ? null : { tenant: this.#tenantStrings, strings });
    this.#publishedTexts = !empty;
  }

  /** Dispatches a Portico event; bubbles and is composed unless the event says otherwise. */
  protected emit<E extends Event>(event: E): E {
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

  /**
   * The language of the element's texts, for a `lang` attribute on its content: the language in effect, or
   * English when that language has no translation (the texts are then English).
   */
  protected get contentLang(): string {
    const lang = this.effectiveLang;
    return translationFor(lang) ? lang : 'en';
  }

  /** A Portico element inside another one's shadow root follows that one's language. */
  get #isOutermost(): boolean {
    const root = this.getRootNode();
    return !(root instanceof ShadowRoot && root.host instanceof PorticoElement);
  }

  protected override update(changed: PropertyValues): void {
    if (changed.has('strings') && this.isConnected) this.#publishTexts();
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
