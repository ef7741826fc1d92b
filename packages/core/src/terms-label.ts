/**
 * The allow-list of a signup term's label (merchant HTML), the one definition behind every sanitiser of it: the
 * server's DOMPurify on jsdom (before the signup configuration is sent) and, in the browser before `unsafeHTML`,
 * the HTML Sanitizer API where the browser has it, else DOMPurify (`<portico-signup-terms>`): inline formatting
 * and links only. A link keeps an http, https or mailto address and opens in a new tab with
 * `rel="noopener noreferrer"`, whatever the merchant wrote; a link without such an address is unwrapped to its text.
 */
export const TERMS_LABEL_RULE = {
  elements: ['a', 'b', 'strong', 'i', 'em', 'u', 'br', 'span'],
  attributes: ['href', 'title', 'lang', 'dir'],
  /** What an `href` may start with (tested with whitespace and control characters removed, as DOMPurify does). */
  address: /^(?:https?|mailto):/i,
} as const;

/** `TERMS_LABEL_RULE` as DOMPurify options. */
export const TERMS_LABEL_CONFIG = {
  ALLOWED_TAGS: [...TERMS_LABEL_RULE.elements],
  ALLOWED_ATTR: [...TERMS_LABEL_RULE.attributes],
  // Attributes that hold no address: otherwise DOMPurify tests their values against ALLOWED_URI_REGEXP too.
  ADD_URI_SAFE_ATTR: ['lang', 'dir'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: TERMS_LABEL_RULE.address,
};

/**
 * The link rule, for DOMPurify's `afterSanitizeAttributes` hook. Returns true when it unwrapped a link: its
 * children move behind it (as DOMPurify does for a removed element), so they are sanitised next.
 */
export function applyTermsLinkRule(node: Element): boolean {
  if (node.nodeName !== 'A') return false;
  if (node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
    return false;
  }
  const parent = node.parentNode;
  if (parent) while (node.lastChild) parent.insertBefore(node.lastChild, node.nextSibling);
  node.remove();
  return true;
}
