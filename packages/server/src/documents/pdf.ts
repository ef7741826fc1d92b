import { existsSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { BrandingSettings } from '../db/schema.ts';
import { messages, type MessageId } from '../i18n/messages.ts';
import { documentLocale, fillPlaceholders, isRightToLeft, message } from '../i18n/translate.ts';
import { hasRightToLeft, visualRuns } from './bidi.ts';
import { brandOf, type Brand } from './branding.ts';

/**
 * What every Portico PDF shares: the document language, fonts that can print it, the tenant's branding (primary
 * colour for headings and rules, logo) and a translator.
 *
 * Language: the document's own language (`invoice.language`, the customer's), through the same catalog as the
 * e-mails (locales/documents). A right-to-left language (Arabic) mirrors the layout — every text box moves to the
 * other side of the page and left and right alignment swap — and every line containing right-to-left letters, in
 * any document, is drawn through the Unicode Bidirectional Algorithm with joined Arabic letters (`bidi.ts`).
 *
 * Fonts: pdfkit's built-in Helvetica only encodes Windows-1252 (Western European) text. Languages or values beyond
 * it (Czech, Polish, Lithuanian, a name like "Łukasz") use a Unicode TrueType font when one is installed —
 * `PORTICO_PDF_FONT` and `PORTICO_PDF_FONT_BOLD`, else DejaVu Sans or Liberation Sans from the system — and without
 * one such a language falls back to English and such values lose their diacritics. A language is printed only
 * when the font has a glyph for every character of its texts (DejaVu Sans covers Arabic; Liberation Sans does not,
 * so with it an Arabic PDF is printed in English).
 *
 * Logo: only a `data:image/png` or `data:image/jpeg` logo is embedded. The server never fetches a remote logo URL
 * for a PDF (no outgoing requests to addresses a tenant controls); an `https:` logo appears in e-mails only.
 */
export interface PdfContext {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
  /** The language the PDF is written in (a tag for `Intl`, e.g. `de-AT`, or `en` after a fallback). */
  language: string;
  t: (id: MessageId, values?: Record<string, string>) => string;
  brand: Brand;
  regular: string;
  bold: string;
  /** Makes a value printable with the chosen fonts. */
  printable: (text: string) => string;
  /** The tenant's name (and logo when embeddable), the document title and a rule in the primary colour. */
  header: (title: string) => void;
  /** A section heading in the brand colour. */
  heading: (text: string) => void;
}

const UNICODE_FONTS: Array<[string, string]> = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  [
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
];

let unicodeFontCache: [string, string] | null | undefined;

/** The installed Unicode font pair (regular, bold), or null. */
export function unicodeFont(): [string, string] | null {
  if (unicodeFontCache !== undefined) return unicodeFontCache;
  const configured = process.env.PORTICO_PDF_FONT;
  const candidates: Array<[string, string]> = configured
    ? [[configured, process.env.PORTICO_PDF_FONT_BOLD || configured], ...UNICODE_FONTS]
    : UNICODE_FONTS;
  unicodeFontCache = candidates.find(([regular, bold]) => existsSync(regular) && existsSync(bold)) ?? null;
  return unicodeFontCache;
}

const openedFonts = new Map<string, fontkit.Font | null>();

/** Whether the font file has a glyph for every character of `text` (white space and bidi marks aside). */
export function fontCovers(path: string, text: string): boolean {
  if (!openedFonts.has(path)) {
    let font: fontkit.Font | null = null;
    try {
      const opened = fontkit.openSync(path);
      font = 'hasGlyphForCodePoint' in opened ? opened : null;
    } catch {
      // An unreadable font covers nothing; the PDF falls back as without one.
    }
    openedFonts.set(path, font);
  }
  const font = openedFonts.get(path);
  if (!font) return false;
  for (const char of text.replace(/[\s\u061c\u200e\u200f\u2066-\u2069]/g, '')) {
    if (!font.hasGlyphForCodePoint(char.codePointAt(0)!)) return false;
  }
  return true;
}

const WIN_1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** True when Helvetica (Windows-1252) can print the text. */
export function fitsWinAnsi(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) continue;
    if (!WIN_1252_EXTRAS.includes(char)) return false;
  }
  return true;
}

/** Intl puts narrow and thin spaces into numbers and dates; Helvetica has only the no-break space. */
function toWinAnsi(text: string): string {
  const spaced = text.replace(/[\u2009\u202f]/g, '\u00a0').replace(/\u2212/g, '-');
  if (fitsWinAnsi(spaced)) return spaced;
  return [...spaced.normalize('NFD').replace(/\p{M}/gu, '')].map((char) => (fitsWinAnsi(char) ? char : '?')).join('');
}

const documentMessageIds = (Object.keys(messages) as MessageId[]).filter((id) => id.startsWith('document.'));

/** What the catalog's PDF texts of a language need from the fonts; the texts never change, so once per language. */
const languageNeeds = new Map<string, { unicode: boolean; printable: boolean }>();

function fontNeeds(language: string): { unicode: boolean; printable: boolean } {
  const locale = documentLocale(language);
  let needs = languageNeeds.get(locale);
  if (!needs) {
    const texts = documentMessageIds.map((id) => message(locale, id)).join('');
    const font = unicodeFont();
    const unicode = !fitsWinAnsi(texts);
    needs = { unicode, printable: !unicode || (font !== null && fontCovers(font[0], texts)) };
    languageNeeds.set(locale, needs);
  }
  return needs;
}

/** Whether a language's PDF texts need more than Windows-1252. */
function needsUnicode(language: string): boolean {
  return fontNeeds(language).unicode;
}

/**
 * The language a PDF is written in: a language whose texts need more than Windows-1252 (Czech, Arabic, …) falls
 * back to English unless the Unicode font has every character of them.
 */
export function pdfLanguage(language: string | null | undefined): string {
  const requested = language?.trim() || 'en';
  if (documentLocale(requested) === 'en') return 'en';
  if (!fontNeeds(requested).printable) return 'en';
  try {
    return Intl.getCanonicalLocales(requested)[0] ?? 'en';
  } catch {
    return documentLocale(requested);
  }
}

function hexToRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16)) as [number, number, number];
}

/** The logo as image bytes when it is a PNG or JPEG data URL; nothing else is embedded (and nothing is fetched). */
export function embeddableLogo(logoUrl: string | null): Buffer | null {
  const match = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/]+={0,2})$/.exec(logoUrl ?? '');
  return match ? Buffer.from(match[2]!, 'base64') : null;
}

export function startPdf(options: {
  title: string;
  author: string;
  language: string | null | undefined;
  branding: Partial<BrandingSettings> | null | undefined;
  /** Every value the document will print (names, addresses, line descriptions), to choose fonts that can print them. */
  values: string[];
}): PdfContext {
  const language = pdfLanguage(options.language);
  const font = unicodeFont();
  const unicode = font !== null && (needsUnicode(language) || !options.values.every(fitsWinAnsi));
  const printable = unicode ? (text: string) => text : toWinAnsi;
  const rightToLeft = isRightToLeft(language);
  // In a right-to-left document every value is a bidi isolate (FSI … PDI, as `isolate()` does in the elements):
  // "Team × 1" or "10115 Berlin" keeps its own order inside an Arabic sentence instead of being reordered with it.
  const isolate = rightToLeft ? (value: string) => `\u2068${value}\u2069` : undefined;
  const translate = (id: MessageId, values: Record<string, string> = {}) =>
    printable(fillPlaceholders(message(language, id), values, isolate));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: language,
    info: { Title: options.title, Author: options.author },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (unicode) {
    doc.registerFont('Body', font[0]);
    doc.registerFont('Body-Bold', font[1]);
    drawBidirectional(doc, rightToLeft);
  }
  const regular = unicode ? 'Body' : 'Helvetica';
  const bold = unicode ? 'Body-Bold' : 'Helvetica-Bold';
  const brand = brandOf(options.author, options.branding);
  const textColor = hexToRgb('#1a1a1a');
  const headingColor = hexToRgb(brand.linkColor);

  const header = (title: string) => {
    const logo = embeddableLogo(brand.logoUrl);
    if (logo) {
      try {
        const x = rightToLeft ? doc.page.width - doc.page.margins.right - 180 : doc.page.margins.left;
        doc.image(logo, x, doc.y, { fit: [180, 48], ...(rightToLeft ? { align: 'right' as const } : {}) });
        doc.y += 56;
      } catch {
        // An unreadable image is left out; the name below still identifies the merchant.
      }
    }
    doc.font(bold).fontSize(18).fillColor(headingColor).text(printable(options.author));
    doc.moveDown(0.3).fontSize(14).text(printable(title));
    const y = doc.y + 6;
    doc
      .moveTo(doc.page.margins.left, y)
      .lineTo(doc.page.width - doc.page.margins.right, y)
      .lineWidth(2)
      .strokeColor(hexToRgb(brand.primaryColor))
      .stroke();
    doc.y = y + 10;
    doc.font(regular).fontSize(10).fillColor(textColor);
  };
  const heading = (text: string) => {
    doc.moveDown().font(bold).fontSize(12).fillColor(headingColor).text(printable(text));
    doc.font(regular).fontSize(10).fillColor(textColor);
  };
  return { doc, done, language, t: translate, brand, regular, bold, printable, header, heading };
}

type Fragment = (
  text: string,
  x: number,
  y: number,
  options: PDFKit.Mixins.TextOptions & Record<string, unknown>,
) => void;

/**
 * Routes every line pdfkit draws through the bidirectional algorithm. pdfkit wraps text and then draws each line
 * with its (internal, stable since 0.8) `_fragment(text, x, y, options)`; this replaces it on this document only.
 * A line is drawn as its visual pieces, left to right, each through the original `_fragment`.
 *
 * `mirror` (a right-to-left document) also mirrors the layout: the box `[x, x + width]` a line was laid out in
 * moves to `[pageWidth − x − width, pageWidth − x]` and left and right alignment swap, so labels that the layout
 * code puts on the left come out on the right and amounts on the left — one layout for both directions.
 */
function drawBidirectional(doc: PDFKit.PDFDocument, mirror: boolean): void {
  const target = doc as unknown as { _fragment: Fragment };
  const fragment = target._fragment.bind(doc);
  target._fragment = (raw, x, y, options) => {
    const text = `${raw}`.replace(/\n/g, '');
    if (!mirror && !hasRightToLeft(text)) return fragment(text, x, y, options);
    // A line with right-to-left letters in a right-to-left document is a right-to-left paragraph; any other line
    // (an address line, an amount, a value printed alone) takes the direction of its first strong letter.
    const direction = mirror && hasRightToLeft(text) ? 'rtl' : 'auto';
    const pieces = visualRuns(text.replace(/\s+$/, ''), direction);
    // `features` makes pdfkit lay each piece out as one run (without it, it shapes word by word, and fontkit's
    // right-to-left reversal would stay inside each word).
    const plain = {
      ...options,
      features: [],
      align: 'left' as const,
      width: undefined,
      lineWidth: undefined,
      textWidth: undefined,
      wordCount: undefined,
      wordSpacing: 0,
    };
    const widths = pieces.map((piece) => doc.widthOfString(piece, plain));
    const total = widths.reduce((sum, width) => sum + width, 0);
    const boxWidth = typeof options.lineWidth === 'number' ? options.lineWidth : options.width ? options.width : total;
    let align = options.align ?? 'left';
    let left = x;
    if (mirror) {
      left = doc.page.width - x - boxWidth;
      align = align === 'right' ? 'left' : align === 'center' ? 'center' : 'right';
    }
    if (align === 'right') left += boxWidth - total;
    else if (align === 'center') left += (boxWidth - total) / 2;
    pieces.forEach((piece, index) => {
      fragment(piece, left, y, plain);
      left += widths[index]!;
    });
  };
}
