import createDOMPurify, { type DOMPurify } from 'dompurify';
import { applyTermsLinkRule, TERMS_LABEL_CONFIG } from '@portico/core';

/** A DOMPurify of its own, so that its hook never runs for other users of the page's DOMPurify. */
let purify: DOMPurify | undefined;

function purifier(): DOMPurify {
  if (purify) return purify;
  purify = createDOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => void applyTermsLinkRule(node));
  return purify;
}

/**
 * Merchant HTML for a terms label, safe for `unsafeHTML`: the server's terms label profile (`@portico/core`
 * `terms-label.ts`) again in the browser.
 */
export function sanitizeLabelHtml(dirty: string): string {
  return purifier().sanitize(dirty, TERMS_LABEL_CONFIG);
}
