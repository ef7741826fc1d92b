import type { BrandingSettings } from '../db/schema.ts';

/**
 * A tenant's branding (settings.branding) made safe for e-mails and PDFs. Settings are merchant input: every value
 * is validated here, and anything unusable falls back to a default instead of reaching markup or a PDF.
 */
export interface Brand {
  name: string;
  /** An `https:` URL or a `data:image/(png|jpeg|gif|webp);base64,…` URL, else null. */
  logoUrl: string | null;
  /** `#rrggbb`. */
  primaryColor: string;
  /** White or near-black, whichever contrasts more with the primary colour. */
  onPrimaryColor: string;
  /** The primary colour when it is readable on white (4.5:1), else the body text colour: for links and headings. */
  linkColor: string;
  /** A CSS font-family list of safe characters that ends with a generic family. */
  fontFamily: string;
}

export const DEFAULT_PRIMARY_COLOR = '#1f5fbf';
export const TEXT_COLOR = '#1a1a1a';
const WHITE = '#ffffff';
const GENERIC_FAMILIES = ['serif', 'sans-serif', 'monospace', 'system-ui', 'cursive', 'fantasy', 'ui-sans-serif'];
const MAX_DATA_URL_LENGTH = 512 * 1024;

/** `#rgb` or `#rrggbb` (any case) as `#rrggbb`; null for anything else (names, `url(…)`, `expression(…)`, …). */
export function parseHexColor(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match) return null;
  const hex = match[1]!.toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 … 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** White or dark text, whichever reads better on `background`. */
export function textColorOn(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, TEXT_COLOR) ? WHITE : TEXT_COLOR;
}

/** Only `https:` URLs and base64 data URLs of raster images; `javascript:`, `http:`, SVG and the rest give null. */
export function safeLogoUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const url = value.trim();
  if (/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(url)) {
    return url.length <= MAX_DATA_URL_LENGTH ? url : null;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * A font-family list reduced to letters, digits, spaces, hyphens and underscores per family (quotes, semicolons,
 * braces, `url(` … are dropped), names with spaces quoted, and a generic family appended when none is given.
 */
export function safeFontFamily(value: unknown): string {
  const families = (typeof value === 'string' ? value : '')
    .split(',')
    .map((family) => family.replace(/["']/g, '').trim())
    .filter((family) => /^[\p{L}\p{N} _-]{1,64}$/u.test(family))
    .slice(0, 6);
  if (!families.some((family) => GENERIC_FAMILIES.includes(family.toLowerCase()))) families.push('sans-serif');
  return families.map((family) => (/[^A-Za-z0-9-]/.test(family) ? `'${family}'` : family)).join(', ');
}

export function brandOf(name: string, branding: Partial<BrandingSettings> | null | undefined): Brand {
  const primaryColor = parseHexColor(branding?.primaryColor) ?? DEFAULT_PRIMARY_COLOR;
  return {
    name,
    logoUrl: safeLogoUrl(branding?.logoUrl),
    primaryColor,
    onPrimaryColor: textColorOn(primaryColor),
    linkColor: contrastRatio(primaryColor, WHITE) >= 4.5 ? primaryColor : TEXT_COLOR,
    fontFamily: safeFontFamily(branding?.fontFamily),
  };
}
