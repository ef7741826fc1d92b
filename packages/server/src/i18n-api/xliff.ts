import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One message of the elements: its id, the English text and the translation (null for English). */
export interface LocaleMessage {
  id: string;
  /** The English text; placeholders appear as `{0}`, `{1}`, … (their index in the English text). */
  source: string;
  /** The translation with the same `{n}` placeholders; null for English or a missing translation. */
  target: string | null;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XLIFF inline content as plain text: `<x id="n" …/>` becomes `{n}`, entities are decoded. */
export function inlineText(xml: string): string {
  return xml
    .replace(/<x\s+id="(\d+)"[^>]*\/>/g, '{$1}')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);|&#(\d+);|&#x([0-9a-f]+);/gi, (_, name: string, dec: string, hex: string) =>
      name ? entities[name]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex, 16)),
    );
}

/** The `<trans-unit>`s of an XLIFF 1.2 file as written by `lit-localize extract`. */
export function parseXliff(xml: string): LocaleMessage[] {
  const messages: LocaleMessage[] = [];
  for (const unit of xml.matchAll(/<trans-unit\s+id="([^"]+)"[^>]*>([\s\S]*?)<\/trans-unit>/g)) {
    const body = unit[2]!;
    const source = /<source>([\s\S]*?)<\/source>/.exec(body);
    if (!source) continue;
    const target = /<target[^>]*>([\s\S]*?)<\/target>/.exec(body);
    messages.push({ id: unit[1]!, source: inlineText(source[1]!), target: target ? inlineText(target[1]!) : null });
  }
  return messages;
}

/** The languages that have an XLIFF file in `localesDir` (`de.xlf` → `de`). */
export async function translatedLocales(localesDir: string): Promise<string[]> {
  const files = await readdir(localesDir).catch(() => [] as string[]);
  return files
    .filter((file) => file.endsWith('.xlf'))
    .map((file) => file.slice(0, -'.xlf'.length))
    .sort();
}

/**
 * The elements' messages in a language: English (the source, `target` null) or a language with a file in
 * `localesDir`; null for any other locale. The locale is matched against the directory listing, never joined
 * into a path as given.
 */
export async function localeMessages(
  localesDir: string,
  sourceLocale: string,
  locale: string,
): Promise<LocaleMessage[] | null> {
  const locales = await translatedLocales(localesDir);
  if (locale === sourceLocale) {
    const first = locales[0];
    if (!first) return [];
    const messages = parseXliff(await readFile(path.join(localesDir, `${first}.xlf`), 'utf8'));
    return messages.map(({ id, source }) => ({ id, source, target: null }));
  }
  const file = locales.find((known) => known === locale);
  if (!file) return null;
  return parseXliff(await readFile(path.join(localesDir, `${file}.xlf`), 'utf8'));
}
