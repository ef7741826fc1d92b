import { watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrandingSettings } from '../db/schema.ts';
import { contrast, parseColour, type Rgb } from './colour.ts';

/** What a hosted page shows of a tenant's branding. Every value is checked; `css` is safe inside `<style>`. */
export interface PageBranding {
  /** A preset from themes/ (its file name without `.css`). */
  theme: string;
  /** Declarations for `:root` that override the theme's tokens, or ''. */
  css: string;
  /**
   * The preset shown when the reader's system asks for a dark scheme (`prefers-color-scheme: dark`) and the tenant
   * allows it (`branding.darkTheme`), with the tenant's declarations that stay readable on it; null: no dark variant.
   */
  dark: { theme: string; css: string } | null;
  logo: { src: string; alt: string } | null;
}

export const DEFAULT_THEME = 'light';

/** Text needs 4.5:1 (WCAG AA); a focus ring, a non-text element, 3:1. */
const TEXT_CONTRAST = 4.5;
const UI_CONTRAST = 3;

const genericFamilies = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'math',
  'emoji',
]);
const familyName = /^-?[A-Za-z][A-Za-z0-9 -]{0,59}$/;

/**
 * A CSS `font-family` list built from a merchant's text: family names of letters, digits, spaces and dashes
 * (quoted) and the generic families; null when any part is something else.
 */
export function fontFamilyList(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const parts = value.split(',').map((part) =>
    part
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2')
      .trim(),
  );
  if (parts.length > 8) return null;
  const list: string[] = [];
  for (const part of parts) {
    if (genericFamilies.has(part.toLowerCase())) list.push(part.toLowerCase());
    else if (familyName.test(part)) list.push(`'${part.replace(/\s+/g, ' ')}'`);
    else return null;
  }
  return list.join(', ');
}

const dataImage = /^data:image\/(png|jpeg|gif|webp|svg\+xml|avif)(;base64)?,[A-Za-z0-9+/=%._~:;,!*'()-]*$/i;

/** A logo address the page may show: https: or a data: image (at most 200 KB); null otherwise. */
export function logoSource(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  if (value.startsWith('data:')) return value.length <= 200_000 && dataImage.test(value) ? value : null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * What pages read of the theme files, kept per themes/ folder rather than read at every request: the folder is
 * watched, and any change in it (a designer editing a theme, a deploy) drops what was read. Without a watcher (the
 * folder is missing or cannot be watched) nothing is kept.
 */
const themeCache = new Map<string, Map<string, Promise<unknown>>>();

function fromThemes<T>(themesDir: string, key: string, read: () => Promise<T>): Promise<T> {
  let entries = themeCache.get(themesDir);
  if (!entries) {
    try {
      const watcher = watch(themesDir, { persistent: false }, () => themeCache.delete(themesDir));
      watcher.on('error', () => {
        themeCache.delete(themesDir);
        watcher.close();
      });
    } catch {
      return read();
    }
    entries = new Map();
    themeCache.set(themesDir, entries);
  }
  let found = entries.get(key) as Promise<T> | undefined;
  if (!found) {
    found = read();
    entries.set(key, found);
  }
  return found;
}

/** The presets in themes/ (`light`, `dark`, …). */
function presetThemes(themesDir: string): Promise<string[]> {
  return fromThemes(themesDir, '', async () => {
    const files = await readdir(themesDir).catch(() => [] as string[]);
    return files.filter((file) => file.endsWith('.css')).map((file) => file.slice(0, -'.css'.length));
  });
}

/** The colours a theme file gives the tokens that tenant colours are checked against. */
function themeColours(themesDir: string, theme: string): Promise<Record<string, Rgb>> {
  return fromThemes(themesDir, `${theme}.css`, () => readThemeColours(themesDir, theme));
}

async function readThemeColours(themesDir: string, theme: string): Promise<Record<string, Rgb>> {
  const css = await readFile(path.join(themesDir, `${theme}.css`), 'utf8').catch(() => '');
  const declared = new Map<string, string>();
  for (const match of css.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) declared.set(match[1]!, match[2]!.trim());
  const resolve = (value: string | undefined, depth = 0): string | undefined => {
    const reference = value && /^var\((--[\w-]+)\)$/.exec(value);
    return reference && depth < 5 ? resolve(declared.get(reference[1]!), depth + 1) : value;
  };
  const colours: Record<string, Rgb> = {};
  for (const token of ['background', 'surface', 'on-primary']) {
    const colour = parseColour(resolve(declared.get(`--portico-color-${token}`)));
    if (colour) colours[token] = colour.rgb;
  }
  return colours;
}

/**
 * The `:root` declarations of a tenant's colours and font on a preset: its primary colour (with a readable text
 * colour on it), its accent colour as the focus ring and its font. A value that is malformed, or whose contrast
 * against the preset would fall below WCAG AA, is left out and reported through `warn`.
 */
async function tokenDeclarations(
  themesDir: string,
  theme: string,
  settings: Partial<BrandingSettings>,
  warn: (message: string) => void,
): Promise<string> {
  const colours = await themeColours(themesDir, theme);
  const backgrounds = [colours.surface, colours.background].filter((rgb): rgb is Rgb => Boolean(rgb));
  const readableOn = (rgb: Rgb, minimum: number) => backgrounds.every((bg) => contrast(rgb, bg) >= minimum);
  const declarations: string[] = [];

  if (settings.primaryColor) {
    const primary = parseColour(settings.primaryColor);
    if (!primary)
      warn(`primaryColor "${String(settings.primaryColor).slice(0, 60)}" is not a hex, rgb() or hsl() colour`);
    else if (!readableOn(primary.rgb, TEXT_CONTRAST))
      warn(`primaryColor ${primary.css} is not readable on the "${theme}" theme`);
    else {
      const candidates: Rgb[] = [colours['on-primary'], [255, 255, 255], [0, 0, 0]].filter((rgb): rgb is Rgb =>
        Boolean(rgb),
      );
      const onPrimary = candidates.find((rgb) => contrast(rgb, primary.rgb) >= TEXT_CONTRAST);
      if (!onPrimary) warn(`primaryColor ${primary.css} has no readable text colour`);
      else {
        declarations.push(`--portico-color-primary: ${primary.css};`);
        declarations.push(`--portico-color-on-primary: rgb(${onPrimary.join(' ')});`);
      }
    }
  }
  if (settings.accentColor) {
    const accent = parseColour(settings.accentColor);
    if (!accent) warn(`accentColor "${String(settings.accentColor).slice(0, 60)}" is not a hex, rgb() or hsl() colour`);
    else if (!readableOn(accent.rgb, UI_CONTRAST))
      warn(`accentColor ${accent.css} is not visible enough on the "${theme}" theme`);
    else declarations.push(`--portico-focus-ring: 3px solid ${accent.css};`);
  }
  if (settings.fontFamily) {
    const family = fontFamilyList(settings.fontFamily);
    if (family) declarations.push(`--portico-font-family: ${family};`);
    else warn(`fontFamily "${String(settings.fontFamily).slice(0, 60)}" is not a list of font family names`);
  }
  return declarations.join(' ');
}

/**
 * The branding a hosted page shows: the tenant's preset theme (an unknown one falls back to `light`), its
 * primary colour (with a readable text colour on it), its accent colour as the focus ring, its font and its
 * logo, and the dark preset the tenant allows. A value that is malformed, or whose contrast against the theme would fall below WCAG AA, is left out
 * and reported through `warn`.
 */
export async function pageBranding(
  themesDir: string,
  tenantName: string,
  branding: Partial<BrandingSettings> | undefined,
  warn: (message: string) => void,
): Promise<PageBranding> {
  const settings = branding ?? {};
  const themes = await presetThemes(themesDir);
  let theme = DEFAULT_THEME;
  if (settings.theme && themes.includes(settings.theme)) theme = settings.theme;
  else if (settings.theme) warn(`unknown theme "${String(settings.theme).slice(0, 60)}"; using "${DEFAULT_THEME}"`);

  const css = await tokenDeclarations(themesDir, theme, settings, warn);
  let dark: PageBranding['dark'] = null;
  if (settings.darkTheme && themes.includes(settings.darkTheme)) {
    // The tenant's colours were reported against its light preset already; on the dark one an unreadable colour
    // is left out silently (the dark preset's own colour stays).
    dark = {
      theme: settings.darkTheme,
      css: await tokenDeclarations(themesDir, settings.darkTheme, settings, () => {}),
    };
  } else if (settings.darkTheme)
    warn(`unknown darkTheme "${String(settings.darkTheme).slice(0, 60)}"; no dark variant`);
  let logo: PageBranding['logo'] = null;
  if (settings.logoUrl) {
    const src = logoSource(settings.logoUrl);
    if (src) logo = { src, alt: tenantName };
    else warn('logoUrl is not an https: address or a data: image');
  }
  return { theme, css, dark, logo };
}
