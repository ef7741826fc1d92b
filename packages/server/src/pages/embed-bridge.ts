import { LANGUAGE_TAG_PATTERN, MAX_LANGUAGE_TAG_LENGTH } from '@portico/core';

/**
 * The script a hosted page carries when the embed loader frames it (`?embed=1&parent=<origin>` with an origin the
 * tenant allows). It posts typed messages to that one parent origin — never `*` — and takes `set-language` only from
 * that origin and from the parent window itself.
 *
 * Messages to the parent: `{ portico: 1, type, detail }` with type `loaded`, `resize` (`{ height }`), `language`
 * (`{ language }`: the language whose texts are shown, each time one has loaded), `step`,
 * `order-completed` (`{ orderId, customerId, contractId, successUrl }`), `error` (`{ code, message }`) and
 * `session-expired`. Message from the parent: `{ portico: 1, type: 'set-language', language }`, with a language tag
 * by the rule of `@portico/core` (the same one the server applies).
 *
 * A success URL must open in the host page, not in the iframe: the bridge cancels the element's own redirect
 * (the order-completed event is cancelable) and the loader navigates its window unless the host cancels it.
 */
export function embedBridgeScript(parentOrigin: string, elementTag: string): string {
  // JSON in a script: escape `<` so that no value can close the script element.
  const json = (value: string) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `
const parentOrigin = ${json(parentOrigin)};
const tag = ${json(elementTag)};
const languageTag = new RegExp(${json(LANGUAGE_TAG_PATTERN)});
if (window.parent !== window) {
  const post = (type, detail) =>
    window.parent.postMessage({ portico: 1, type, detail: detail == null ? null : JSON.parse(JSON.stringify(detail)) }, parentOrigin);
  const relay = { 'portico-step-change': 'step', 'portico-order-completed': 'order-completed', 'portico-error': 'error', 'portico-session-expired': 'session-expired' };
  for (const [event, type] of Object.entries(relay)) document.addEventListener(event, (e) => post(type, e.detail));
  document.addEventListener('portico-order-completed', (e) => { if (e.detail && e.detail.successUrl) e.preventDefault(); });
  let last = -1;
  const measure = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== last) { last = height; post('resize', { height }); }
  };
  new ResizeObserver(measure).observe(document.body);
  customElements.whenDefined(tag).then(() => { post('loaded', null); measure(); });
  // The language whose texts are shown, each time a language has loaded (lit-localize's status event).
  window.addEventListener('lit-localize-status', (e) => {
    const language = e.detail && e.detail.status === 'ready' ? e.detail.readyLocale : '';
    if (typeof language === 'string' && languageTag.test(language)) post('language', { language });
  });
  window.addEventListener('message', (e) => {
    if (e.origin !== parentOrigin || e.source !== window.parent) return;
    const data = e.data;
    if (!data || data.portico !== 1 || data.type !== 'set-language') return;
    if (typeof data.language !== 'string' || data.language.length > ${MAX_LANGUAGE_TAG_LENGTH} || !languageTag.test(data.language)) {
      console.warn('portico: ignored set-language with an invalid language', data.language);
      return;
    }
    // ?language= outranks the element's lang, so the address changes too (as the page's language picker does).
    const url = new URL(location.href);
    url.searchParams.set('language', data.language);
    history.replaceState(history.state, '', url);
    document.documentElement.lang = data.language;
    document.querySelector(tag)?.setAttribute('lang', data.language);
  });
}
`;
}
