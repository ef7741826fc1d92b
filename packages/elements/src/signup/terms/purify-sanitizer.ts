import createDOMPurify from 'dompurify';
import { applyTermsLinkRule, TERMS_LABEL_CONFIG } from '@portico/core';

/**
 * DOMPurify with `TERMS_LABEL_RULE`, for browsers without the HTML Sanitizer API; loaded only there. A DOMPurify of
 * its own, so that its hook never runs for other users of the page's DOMPurify.
 */
export function purifyLabelSanitizer(): (dirty: string) => string {
  const purify = createDOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => void applyTermsLinkRule(node));
  return (dirty) => purify.sanitize(dirty, TERMS_LABEL_CONFIG);
}
