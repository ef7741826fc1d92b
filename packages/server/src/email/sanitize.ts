import type { Config } from 'dompurify';
import { describeElement, sanitizeHtml, type HtmlProfile, type SanitizedHtml } from '../html/sanitize.ts';

export type { SanitizedHtml };

/**
 * Merchant HTML in e-mail template overrides (`settings.emailTemplates[name][language].html`) passes the shared
 * sanitiser (html/sanitize.ts, DOMPurify on jsdom) with an e-mail-safe allowlist: text formatting, lists, headings,
 * tables, links (http, https and mailto, given `rel="noopener"`), images from https: or inline raster `data:image/…`,
 * and inline styles reduced to a list of layout and typography properties whose values hold no URL, escape, comment
 * or function other than rgb()/hsl().
 * Everything else (script, iframe, form, style, link, meta, SVG, MathML, event handlers, classes, ids, comments) goes.
 */

const ALLOWED_TAGS = [
  'a', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'code', 'pre',
  'p', 'br', 'hr', 'div', 'span', 'blockquote', 'center',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'img',
]; // prettier-ignore

/** Attributes that hold no URL (DOMPurify then skips its URL test for them). */
const PLAIN_ATTRIBUTES = [
  'alt', 'title', 'dir', 'lang', 'style', 'target', 'width', 'height', 'align', 'valign', 'bgcolor',
  'border', 'cellpadding', 'cellspacing', 'colspan', 'rowspan', 'span', 'scope', 'start', 'type',
]; // prettier-ignore

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: [...PLAIN_ATTRIBUTES, 'href', 'src'],
  ADD_URI_SAFE_ATTR: PLAIN_ATTRIBUTES,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // What the href/src hooks below check more closely; relative addresses mean nothing in an e-mail.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\{[A-Za-z]+\})/i,
  KEEP_CONTENT: true,
  // A leading <style> or <meta> stays in the body, so that it is removed and reported like the rest.
  FORCE_BODY: true,
};

/** A `{Placeholder}` at the start of an address, allowed in a stored template and filled in before sending. */
const PLACEHOLDER_START = /^\{[A-Za-z]+\}/;
const LINK_URL = /^(?:https?|mailto):/i;
const IMAGE_URL = /^(?:https:|data:image\/(?:png|gif|jpeg|webp);base64,)/i;

const STYLE_PROPERTY =
  /^(?:(?:background-)?color|background|font-(?:family|size|weight|style)|line-height|letter-spacing|text-(?:align|decoration|transform)|vertical-align|white-space|word-break|(?:max-|min-)?(?:width|height)|display|list-style-type|(?:margin|padding)(?:-(?:top|right|bottom|left))?|border(?:-(?:top|right|bottom|left))?(?:-(?:width|style|color))?|border-(?:radius|collapse|spacing))$/;
/** Letters, digits, spaces, #, %, ., commas, quotes, parentheses, + and -: no `\`, `/*`, `;`, `:`, `<`, `{`, `@`. */
const STYLE_VALUE = /^[\w\s#%.,'"()+-]*$/;
const STYLE_FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla']);
const COLOUR = /^#?[0-9a-z]+$/i;

function safeDeclaration(property: string, value: string): boolean {
  if (!STYLE_PROPERTY.test(property)) return false;
  const bare = value.replace(/\s*!important$/i, '');
  if (!bare || !STYLE_VALUE.test(bare)) return false;
  if ((bare.match(/"/g)?.length ?? 0) % 2 || (bare.match(/'/g)?.length ?? 0) % 2) return false;
  for (const [, name] of bare.matchAll(/([\w-]*)\s*\(/g)) if (!STYLE_FUNCTIONS.has(name!.toLowerCase())) return false;
  return true;
}

/** Keeps the allowed declarations of an inline style; the dropped ones are added to `dropped`. */
export function filterStyle(style: string, dropped: string[] = []): string {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    if (!declaration.trim()) continue;
    const colon = declaration.indexOf(':');
    const property = colon > 0 ? declaration.slice(0, colon).trim().toLowerCase() : '';
    const value = colon > 0 ? declaration.slice(colon + 1).trim() : '';
    if (safeDeclaration(property, value)) kept.push(`${property}:${value}`);
    else dropped.push(declaration.trim());
  }
  return kept.join(';');
}

/** The e-mail profile, with `{Placeholder}`s allowed at the start of addresses (a stored template) or not. */
function emailProfile(placeholders: boolean): HtmlProfile {
  const unfilled = (value: string) => placeholders && PLACEHOLDER_START.test(value);
  return {
    config: CONFIG,
    reportedByHooks: ['style'], // A style is reported by the declarations it lost.
    hooks(purify, report) {
      purify.addHook('uponSanitizeAttribute', (node, event) => {
        const tag = node.nodeName.toLowerCase();
        const value = event.attrValue;
        if (event.attrName === 'href') {
          event.keepAttr = tag === 'a' && (LINK_URL.test(value) || unfilled(value));
        } else if (event.attrName === 'src') {
          event.keepAttr = tag === 'img' && (IMAGE_URL.test(value) || unfilled(value));
        } else if (event.attrName === 'target') {
          event.keepAttr = tag === 'a' && value === '_blank';
        } else if (event.attrName === 'bgcolor') {
          event.keepAttr = COLOUR.test(value);
        } else if (event.attrName === 'style') {
          const dropped: string[] = [];
          event.attrValue = filterStyle(value, dropped);
          for (const declaration of dropped) report(`style "${declaration}" on ${describeElement(node)}`);
          if (!event.attrValue) event.keepAttr = false;
        }
      });
      purify.addHook('afterSanitizeAttributes', (node) => {
        if (node.nodeName === 'A' && node.hasAttribute('href')) node.setAttribute('rel', 'noopener');
        if (node.nodeName === 'IMG' && !node.hasAttribute('src')) node.remove();
      });
    },
  };
}

const EMAIL = emailProfile(false);
const EMAIL_TEMPLATE = emailProfile(true);

/**
 * Sanitises e-mail HTML. `placeholders: true` is for a stored template, whose links and images may start with a
 * `{Placeholder}` filled in when the e-mail is rendered; the rendered e-mail is sanitised again without that.
 */
export function sanitizeEmailHtml(html: string, options: { placeholders?: boolean } = {}): SanitizedHtml {
  return sanitizeHtml(html, options.placeholders ? EMAIL_TEMPLATE : EMAIL);
}

/**
 * Checks a stored template's HTML as a settings write path should before saving it: the sanitised HTML (with
 * `{Placeholder}`s left for rendering) and what sanitising removed. Refuse the template (400) listing `removed` when
 * that is not empty, so what the merchant saved is what the customer gets.
 */
export function checkEmailTemplateHtml(html: string): SanitizedHtml {
  return sanitizeEmailHtml(html, { placeholders: true });
}
