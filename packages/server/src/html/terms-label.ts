import { applyTermsLinkRule, TERMS_LABEL_CONFIG } from '@portico/core';
import type { HtmlProfile } from './sanitize.ts';
import { describeElement, loadHtmlSanitizer, sanitizeHtml } from './sanitize.ts';

/**
 * Terms labels (`settings.signup.terms[].label`): inline text formatting and links only. A link keeps an http, https
 * or mailto address and opens in a new tab (`target="_blank" rel="noopener noreferrer"`, whatever the merchant wrote);
 * a link without such an address is unwrapped to its text. The profile lives in `@portico/core` (`terms-label.ts`),
 * which the signup element applies with DOMPurify in the browser too.
 */
export const TERMS_LABEL: HtmlProfile = {
  config: TERMS_LABEL_CONFIG,
  hooks(purify, report) {
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (applyTermsLinkRule(node)) report(`${describeElement(node)} without an http, https or mailto address`);
    });
  },
};

/** Labels rarely change: the sanitised ones are kept, up to this many, so a signup page costs no jsdom work. */
const CACHE_LIMIT = 500;
const cache = new Map<string, string>();

/** A terms label as the signup configuration sends it. */
export function sanitizeTermsLabel(html: string): string {
  let clean = cache.get(html);
  if (clean === undefined) {
    clean = sanitizeHtml(html, TERMS_LABEL).html;
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(html, clean);
  }
  return clean;
}

/**
 * A terms label as plain text, for documents: the label sanitised as the signup shows it, then its text (a link's
 * words, a line break as a space), white space collapsed.
 */
export function termsLabelText(html: string): string {
  const { DOMParser } = loadHtmlSanitizer();
  const parsed = new DOMParser().parseFromString(sanitizeTermsLabel(html).replace(/<br\s*\/?>/gi, ' '), 'text/html');
  return (parsed.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A terms label in a language: its own, its base language's (`de` for `de-AT`), else English. */
export function termsLabelIn(label: Record<string, string>, language: string): string {
  return label[language] ?? label[language.split('-')[0]!] ?? label.en ?? '';
}
