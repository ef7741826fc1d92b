import { escapeHtml } from '../html/escape.ts';
import type { PageBranding } from './branding.ts';

export interface PageOptions {
  title: string;
  lang: string;
  /** The entry script under /assets, e.g. `portico-signup.js`. */
  script: string;
  /** The element's markup; every dynamic value must already be escaped. */
  body: string;
  /** A trusted inline module script (the embed bridge), or none. */
  inlineScript?: string;
  /** The nonce the page's Content-Security-Policy allows the inline script by (`http/csp.ts`). */
  nonce?: string;
  /** The tenant's checked branding; without it, the light theme and no logo. */
  branding?: PageBranding;
}

/** A hosted page: the tenant's theme and colours, its logo, the element, and the module script defining it. */
export function renderPage({ title, lang, script, body, inlineScript, nonce, branding }: PageOptions): string {
  const theme = branding?.theme ?? 'light';
  const logo = branding?.logo
    ? `\n    <header class="brand"><img src="${escapeHtml(branding.logo.src)}" alt="${escapeHtml(branding.logo.alt)}" /></header>`
    : '';
  // The values are validated (colours, font names) and cannot close the style element.
  const tokens = branding?.css && !/[<>]/.test(branding.css) ? `\n      :root { ${branding.css} }` : '';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="/themes/${escapeHtml(theme)}.css" />
    <style>${tokens}
      body { margin: 0; padding: 1rem; background: var(--portico-color-background); }
      main, .brand { max-width: 48rem; margin: 0 auto; }
      .brand { margin-bottom: 1rem; }
      .brand img { display: block; max-height: 3rem; max-width: 12rem; }
    </style>
    <script type="module" src="/assets/${escapeHtml(script)}"></script>${inlineScript ? `\n    <script type="module" nonce="${escapeHtml(nonce ?? '')}">${inlineScript}</script>` : ''}
  </head>
  <body>${logo}
    <main>${body}</main>
  </body>
</html>
`;
}
