import type { Brand } from '../documents/branding.ts';
import { TEXT_COLOR } from '../documents/branding.ts';
import { escapeHtml } from '../html/escape.ts';

export interface LayoutInput {
  brand: Brand;
  /** BCP 47 language of the content, for `lang`. */
  language: string;
  dir: 'ltr' | 'rtl';
  /** Plain-text subject, used as the document title. */
  title: string;
  /** The body as HTML (already escaped). */
  contentHtml: string;
}

/** A call-to-action link styled as a button in the primary colour, then the address itself for copying. */
export function buttonHtml(brand: Brand, url: string, label: string): string {
  const href = escapeHtml(url);
  return (
    `<p style="margin:24px 0 8px"><a href="${href}" style="display:inline-block;padding:12px 20px;border-radius:4px;` +
    `background:${brand.primaryColor};color:${brand.onPrimaryColor};font-weight:bold;text-decoration:none">` +
    `${escapeHtml(label)}</a></p>` +
    `<p style="margin:0 0 16px;font-size:13px;word-break:break-all"><a href="${href}" style="color:${brand.linkColor}">` +
    `${href}</a></p>`
  );
}

/**
 * The one HTML frame of every e-mail: a header in the tenant's primary colour with its logo (alt text: the tenant's
 * name) or its name, the content, and a footer. Inline styles only (mail clients drop <style> and classes); the
 * header text colour is white or dark by contrast ratio; `lang` and `dir` follow the content language.
 */
export function renderLayout({ brand, language, dir, title, contentHtml }: LayoutInput): string {
  const font = escapeHtml(brand.fontFamily);
  const name = escapeHtml(brand.name);
  const header = brand.logoUrl
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${name}" style="display:block;max-height:48px;max-width:240px;border:0">`
    : `<span style="font-size:20px;font-weight:bold">${name}</span>`;
  return (
    `<!DOCTYPE html><html lang="${escapeHtml(language)}" dir="${dir}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f3f4f6;color:${TEXT_COLOR};font-family:${font}">` +
    `<div role="article" aria-label="${escapeHtml(title)}" lang="${escapeHtml(language)}" dir="${dir}" ` +
    `style="max-width:600px;margin:0 auto;background:#ffffff;font-family:${font};font-size:16px;line-height:1.5">` +
    `<div style="padding:16px 24px;background:${brand.primaryColor};color:${brand.onPrimaryColor}">${header}</div>` +
    `<div style="padding:24px">${contentHtml}</div>` +
    `<div style="padding:16px 24px;border-top:1px solid #d1d5db;font-size:13px;color:#4b5563">${name}</div>` +
    `</div></body></html>`
  );
}
