import { css, html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { LOCALE_STATUS_EVENT, msg, updateWhenLocaleChanges, type LocaleStatusEventDetail } from '@lit/localize';
import { canonicalLanguageTag, displayNames } from '@portico/core';
import { hostStyles, fieldStyles } from '../../base/shared.styles.ts';
import { isRtl, requestedLocale, translationFor } from '../../i18n/localization.ts';

/** A language's name in that language (`de` → "Deutsch"), or the tag when `Intl` has no name for it. */
function nativeName(tag: string): string {
  try {
    const name = displayNames([tag], { type: 'language' }).of(tag);
    return name ? name.charAt(0).toLocaleUpperCase(tag) + name.slice(1) : tag;
  } catch {
    return tag;
  }
}

/**
 * The hosted pages' language picker: a labelled `<select>` of the languages the tenant offers, each named in its
 * own language. Choosing one switches the page element (`for`, a tag name) without a reload — its `lang` and the
 * address's `?language=` (which the elements rank first, and which a reload keeps) — and the page follows the
 * language shown: `<html lang>` and `dir` (right to left for Arabic), so the page's header mirrors too.
 * @internal
 */
export class PorticoLanguagePicker extends LitElement {
  static override styles = [
    hostStyles,
    fieldStyles,
    css`
      :host {
        background: transparent;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: var(--portico-space-s);
      }
      select {
        min-height: 2.25rem;
      }
    `,
  ];

  /** The languages offered, space-separated tags in the tenant's order. */
  @property() languages = '';

  /** The tag name of the element the picker switches, e.g. `portico-signup`. */
  @property() for = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(LOCALE_STATUS_EVENT, this.#onLocaleStatus);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(LOCALE_STATUS_EVENT, this.#onLocaleStatus);
  }

  readonly #onLocaleStatus = (event: Event) => {
    const detail = (event as CustomEvent<LocaleStatusEventDetail>).detail;
    if (detail.status !== 'ready') return;
    const root = document.documentElement;
    root.lang = detail.readyLocale;
    root.dir = isRtl(detail.readyLocale) ? 'rtl' : 'ltr';
    this.requestUpdate();
  };

  get #offered(): string[] {
    const tags = this.languages.split(/\s+/).map((tag) => canonicalLanguageTag(tag));
    return [...new Set(tags.filter((tag): tag is string => tag !== null))];
  }

  #choose(event: Event): void {
    const language = (event.target as HTMLSelectElement).value;
    const url = new URL(window.location.href);
    url.searchParams.set('language', language);
    history.replaceState(history.state, '', url);
    if (this.for) document.querySelector(this.for)?.setAttribute('lang', language);
  }

  override render() {
    // The language being shown, or the one asked for while its texts load.
    const shown = requestedLocale();
    return html`<label
      >${msg('Language')}
      <select @change=${this.#choose}>
        ${this.#offered.map(
          (tag) =>
            html`<option value=${tag} lang=${tag} .selected=${translationFor(tag) === shown}>
              ${nativeName(tag)}
            </option>`,
        )}
      </select></label
    >`;
  }
}
