import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { BrandingSettings } from '../db/schema.ts';
import { messages, type MessageId } from '../i18n/messages.ts';
import { documentLocale, isRightToLeft, message, t } from '../i18n/translate.ts';
import { brandOf, type Brand } from './branding.ts';

/**
 * What every Portico PDF shares: the document language, fonts that can print it, the tenant's branding (primary
 * colour for headings and rules, logo) and a translator.
 *
 * Language: the document's own language (`invoice.language`, the customer's), through the same catalog as the
 * e-mails (locales/documents). pdfkit lays text out left to right without bidirectional reordering, so right-to-left
 * languages (Arabic) are printed in English rather than scrambled.
 *
 * Fonts: pdfkit's built-in Helvetica only encodes Windows-1252 (Western European) text. Languages or values beyond
 * it (Czech, Polish, Lithuanian, a name like "Łukasz") use a Unicode TrueType font when one is installed —
 * `PORTICO_PDF_FONT` and `PORTICO_PDF_FONT_BOLD`, else DejaVu Sans or Liberation Sans from the system — and without
 * one such a language falls back to English and such values lose their diacritics.
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

/** Whether a language's PDF texts need more than Windows-1252. */
function needsUnicode(language: string): boolean {
  return documentMessageIds.some((id) => !fitsWinAnsi(message(language, id)));
}

/** The language a PDF is written in: RTL and (without a Unicode font) non-Western languages fall back to English. */
export function pdfLanguage(language: string | null | undefined): string {
  const requested = language?.trim() || 'en';
  if (documentLocale(requested) === 'en' || isRightToLeft(requested)) return 'en';
  if (needsUnicode(requested) && !unicodeFont()) return 'en';
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
  const translate = (id: MessageId, values?: Record<string, string>) => printable(t(language, id, values));
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
        doc.image(logo, doc.page.margins.left, doc.y, { fit: [180, 48] });
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
