import { createRequire } from 'node:module';
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';

/**
 * jsdom takes more than half a second to load, synchronously: the server loads it right after it listens
 * (`loadHtmlSanitizer`, off the start path and before a first signup page asks for its terms); elsewhere (tests,
 * scripts) the first sanitisation loads it.
 */
const require = createRequire(import.meta.url);

/**
 * What one use of merchant HTML allows (e-mail templates, terms labels …): DOMPurify's options and the hooks that
 * check more closely. Each profile gets a DOMPurify instance of its own, so one profile's hooks never run for another.
 */
export interface HtmlProfile {
  config: Config;
  /** Adds the profile's hooks; `report` lists a removal the hooks make beyond DOMPurify's own list. */
  hooks?(purify: DOMPurify, report: (removal: string) => void): void;
  /** Attributes whose removal the hooks report in their own words (DOMPurify's entry for them is left out). */
  reportedByHooks?: string[];
}

export interface SanitizedHtml {
  html: string;
  /** What was removed, readable for a merchant: `<script>`, `onerror="…" on <img>`, `style "position:fixed" on <div>`. */
  removed: string[];
}

let window: WindowLike | undefined;
const purifiers = new WeakMap<HtmlProfile, DOMPurify>();
/** The removals the hooks of the sanitisation under way reported. */
let hookRemovals: string[] = [];

/** `<a>`, for removal messages. */
export function describeElement(node: Element): string {
  return `<${node.nodeName.toLowerCase()}>`;
}

/** Loads jsdom and makes the window every profile's DOMPurify works on (once). */
export function loadHtmlSanitizer(): WindowLike {
  if (!window) {
    const { JSDOM } = require('jsdom') as typeof import('jsdom');
    window = new JSDOM('').window as unknown as WindowLike;
  }
  return window;
}

/** Whether jsdom is loaded (after `loadHtmlSanitizer` or the first sanitisation). */
export function htmlSanitizerLoaded(): boolean {
  return window !== undefined;
}

function purifier(profile: HtmlProfile): DOMPurify {
  let purify = purifiers.get(profile);
  if (purify) return purify;
  purify = createDOMPurify(loadHtmlSanitizer());
  profile.hooks?.(purify, (removal) => hookRemovals.push(removal));
  purifiers.set(profile, purify);
  return purify;
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}

/** Sanitises merchant HTML with a profile's DOMPurify (on one shared jsdom window), listing what went. */
export function sanitizeHtml(html: string, profile: HtmlProfile): SanitizedHtml {
  const purify = purifier(profile);
  hookRemovals = [];
  const clean = purify.sanitize(html, profile.config);
  const removed: string[] = [];
  let helper = profile.config.FORCE_BODY === true; // FORCE_BODY's own <remove> element, parsed in front of the HTML
  for (const entry of purify.removed) {
    if (helper && 'element' in entry && entry.element.nodeName === 'REMOVE') {
      helper = false;
      continue;
    }
    if ('element' in entry) {
      const name = entry.element.nodeName.toLowerCase();
      if (!['#comment', '#text', 'body', 'head', 'html'].includes(name)) removed.push(`<${name}>`);
    } else if (entry.attribute && !profile.reportedByHooks?.includes(entry.attribute.name)) {
      const from = entry.from.nodeName.toLowerCase();
      removed.push(`${entry.attribute.name}="${shorten(entry.attribute.value)}" on <${from}>`);
    }
  }
  removed.push(...hookRemovals);
  hookRemovals = [];
  return { html: clean, removed };
}
