import DOMPurify from 'dompurify';

const ALLOWED_TAGS = ['a', 'b', 'strong', 'i', 'em', 'br', 'span'];
const ALLOWED_ATTR = ['href', 'target', 'rel', 'title', 'lang'];

let hooked = false;

/** Merchant HTML for labels: links and emphasis only; links that open a new window get `rel="noopener"`. */
export function sanitizeLabelHtml(dirty: string): string {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node instanceof Element && node.tagName === 'A' && node.getAttribute('target')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(dirty, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false });
}
