import { escapeHtml } from '../html/escape.ts';
import type { PageBranding } from './branding.ts';

export interface PageOptions {
  title: string;
  /** The language the page starts in (`?language=` when it is a tag, else the tenant's default). */
  lang: string;
  /** The entry script under /assets, e.g. `portico-signup.js`. */
  script: string;
  /**
   * The chunks (under /assets) that `script` imports statically (`asset-manifest.ts`): preloaded with
   * `<link rel="modulepreload">`, so the browser fetches them in parallel with the entry.
   */
  preload?: readonly string[];
  /** The element's tag, e.g. `portico-signup`: the language picker switches it. */
  tag: string;
  /** The element's markup; every dynamic value must already be escaped. */
  body: string;
  /** The languages the tenant offers, in its order; the page shows a language picker when there are two or more. */
  languages?: readonly string[];
  /** A trusted inline module script (the embed bridge), or none. */
  inlineScript?: string;
  /** The nonce the page's Content-Security-Policy allows the inline script by (`http/csp.ts`). */
  nonce?: string;
  /** The tenant's checked branding; without it, the light theme and no logo. */
  branding?: PageBranding;
}

/** Languages written right to left (the elements' list, `packages/elements/src/i18n/localization.ts`). */
const rtlLanguages = new Set(['ar', 'he', 'fa', 'ur']);

/** `rtl` for a language written right to left, else `ltr`. */
export function directionOf(lang: string): 'rtl' | 'ltr' {
  return rtlLanguages.has(lang.toLowerCase().split('-')[0]!) ? 'rtl' : 'ltr';
}

/** Validated values only: they cannot close the style element. */
const safeCss = (css: string | undefined) => (css && !/[<>]/.test(css) ? css : '');

/**
 * A hosted page: the tenant's theme (and its dark variant, when the tenant allows one, for readers whose system
 * prefers a dark scheme) and colours, a header with its logo and the language picker, the element, and the module
 * script defining it.
 */
export function renderPage(options: PageOptions): string {
  const { title, lang, script, tag, body, inlineScript, nonce, branding } = options;
  const preload = (options.preload ?? [])
    .map((file) => `\n    <link rel="modulepreload" href="/assets/${escapeHtml(file)}" />`)
    .join('');
  const theme = branding?.theme ?? 'light';
  const dark = branding?.dark ?? null;
  const languages = options.languages ?? [];
  const logo = branding?.logo
    ? `<img src="${escapeHtml(branding.logo.src)}" alt="${escapeHtml(branding.logo.alt)}" />`
    : '';
  const picker =
    languages.length > 1
      ? `<portico-language-picker for="${escapeHtml(tag)}" languages="${escapeHtml(languages.join(' '))}"></portico-language-picker>`
      : '';
  const header = logo || picker ? `\n    <header class="brand">${logo}${picker}</header>` : '';
  const light = safeCss(branding?.css);
  const darkCss = safeCss(dark?.css);
  // With a dark variant, the tenant's light declarations hold only while the system does not prefer dark.
  const tokens = dark
    ? `${light ? `\n      @media not all and (prefers-color-scheme: dark) { :root { ${light} } }` : ''}${darkCss ? `\n      @media (prefers-color-scheme: dark) { :root { ${darkCss} } }` : ''}`
    : light
      ? `\n      :root { ${light} }`
      : '';
  const darkLink = dark
    ? `\n    <meta name="color-scheme" content="light dark" />\n    <link rel="stylesheet" href="/themes/${escapeHtml(dark.theme)}.css" media="(prefers-color-scheme: dark)" />`
    : '';
  const icon = branding?.logo?.src.startsWith('data:image/') ? escapeHtml(branding.logo.src) : '/favicon.ico';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}" dir="${directionOf(lang)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="${icon}" />
    <link rel="stylesheet" href="/themes/${escapeHtml(theme)}.css" />${darkLink}
    <style>${tokens}
      body { margin: 0; padding: 1rem; background: var(--portico-color-background); color: var(--portico-color-text); }
      main, .brand { max-width: 48rem; margin: 0 auto; }
      .brand { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; margin-bottom: 1rem; }
      .brand img { display: block; max-height: 3rem; max-width: 12rem; }
      .brand portico-language-picker { margin-inline-start: auto; }
    </style>
    <script type="module" src="/assets/${escapeHtml(script)}"></script>${preload}${inlineScript ? `\n    <script type="module" nonce="${escapeHtml(nonce ?? '')}">${inlineScript}</script>` : ''}
  </head>
  <body>${header}
    <main>${body}</main>
  </body>
</html>
`;
}
