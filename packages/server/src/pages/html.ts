/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface PageOptions {
  title: string;
  lang: string;
  /** The entry script under /assets, e.g. `portico-signup.js`. */
  script: string;
  /** The element's markup; every dynamic value must already be escaped. */
  body: string;
  /** A trusted inline module script (the embed bridge), or none. */
  inlineScript?: string;
}

/** A hosted page: the theme, the element, and the one module script that defines it. */
export function renderPage({ title, lang, script, body, inlineScript }: PageOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="/themes/light.css" />
    <style>
      body { margin: 0; padding: 1rem; background: var(--portico-color-background); }
      main { max-width: 48rem; margin: 0 auto; }
    </style>
    <script type="module" src="/assets/${escapeHtml(script)}"></script>${inlineScript ? `\n    <script type="module">${inlineScript}</script>` : ''}
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>
`;
}
