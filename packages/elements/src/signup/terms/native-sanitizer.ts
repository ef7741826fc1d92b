import { applyTermsLinkRule, TERMS_LABEL_RULE } from '@portico/core';

/** The parts of the HTML Sanitizer API used here (not yet in TypeScript's DOM types). */
interface SanitizerConfig {
  elements: string[];
  replaceWithChildrenElements: string[];
  attributes: string[];
  comments: boolean;
  dataAttributes: boolean;
}
interface SanitizerApi {
  get(): { elements?: { name: string }[]; attributes?: { name: string }[] };
}
type SanitizerConstructor = new (config: SanitizerConfig) => SanitizerApi;
type SetHtml = (this: Element, html: string, options: { sanitizer: SanitizerApi }) => void;

/**
 * Elements outside the allow-list whose text stays, as DOMPurify keeps the content of every element it removes
 * but script-like ones (`<script>`, `<style>`, `<svg>`, `<iframe>` … go with their content on both paths). The
 * Sanitizer API removes an element it is not told to unwrap together with its content, so these are named.
 */
const unwrapped = [
  'p',
  'div',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'main',
  'nav',
  'address',
  'blockquote',
  'figure',
  'figcaption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'pre',
  'code',
  'kbd',
  'samp',
  'var',
  'small',
  'big',
  'sub',
  'sup',
  'mark',
  'abbr',
  'cite',
  'dfn',
  'q',
  's',
  'strike',
  'del',
  'ins',
  'time',
  'data',
  'bdi',
  'bdo',
  'font',
  'center',
  'label',
  'legend',
  'fieldset',
  'form',
  'button',
  'output',
  'details',
  'summary',
  'table',
  'caption',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'picture',
  'wbr',
  'nobr',
  'tt',
  'ruby',
  'rt',
  'rp',
  'meter',
  'progress',
  'menu',
  'hgroup',
  'search',
];

/** DOMPurify's characters that do not count when an address is tested (`ATTR_WHITESPACE`). */
// eslint-disable-next-line no-control-regex
const ignoredInAddress = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;

/**
 * The browser's own sanitiser with `TERMS_LABEL_RULE`, or null where it is missing or does not honour the rule:
 * `Element.setHTML` and a `Sanitizer` that, asked for the configuration it was given, reports exactly the
 * allow-list back (an older or different implementation that ignores the options would let more through).
 */
export function nativeLabelSanitizer(): ((dirty: string) => string) | null {
  const { Sanitizer } = globalThis as { Sanitizer?: SanitizerConstructor };
  const setHTML = (Element.prototype as { setHTML?: SetHtml }).setHTML;
  if (typeof Sanitizer !== 'function' || typeof setHTML !== 'function') return null;
  let sanitizer: SanitizerApi;
  try {
    sanitizer = new Sanitizer({
      elements: [...TERMS_LABEL_RULE.elements],
      replaceWithChildrenElements: unwrapped,
      attributes: [...TERMS_LABEL_RULE.attributes],
      comments: false,
      dataAttributes: false,
    });
    const config = sanitizer.get();
    const names = (list?: { name: string }[]) =>
      (list ?? [])
        .map(({ name }) => name)
        .sort()
        .join();
    if (names(config.elements) !== [...TERMS_LABEL_RULE.elements].sort().join()) return null;
    if (names(config.attributes) !== [...TERMS_LABEL_RULE.attributes].sort().join()) return null;
  } catch {
    return null;
  }
  return (dirty) => {
    const holder = document.createElement('div');
    setHTML.call(holder, dirty, { sanitizer });
    for (const link of [...holder.querySelectorAll('a')]) {
      const href = link.getAttribute('href');
      if (href !== null && !TERMS_LABEL_RULE.address.test(href.replace(ignoredInAddress, ''))) {
        link.removeAttribute('href');
      }
      applyTermsLinkRule(link);
    }
    return holder.innerHTML;
  };
}
