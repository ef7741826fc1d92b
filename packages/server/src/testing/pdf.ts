import { inflateSync } from 'node:zlib';

/**
 * Reads back what a pdfkit PDF prints, for tests: inflates the content streams and decodes every `TJ` text run
 * through its font — Windows-1252 for the standard fonts, the ToUnicode map for embedded TrueType fonts — so a test
 * can assert on the words a reader sees. Also lists the fill and stroke colours used.
 */
export interface PdfContents {
  /** One entry per text run, in drawing order (glyphs in visual order, left to right). */
  lines: string[];
  /** The same runs with where they start on the page (PDF points from the left, from the bottom). */
  runs: Array<{ text: string; x: number; y: number }>;
  /**
   * How many distinct glyphs of one embedded font (the most of any) print each character: joined Arabic letters take up to four
   * (isolated, initial, medial, final); text laid out without shaping uses one per character.
   */
  glyphsPerCharacter: Map<string, number>;
  /** `r g b` colour operands as `#rrggbb`. */
  colors: Set<string>;
  /** Names of the fonts the PDF uses (BaseFont). */
  fonts: string[];
}

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const result = new Map<string, PdfObject>();
  const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const body = match[2]!;
    const streamAt = body.indexOf('stream\n');
    if (streamAt < 0) {
      result.set(match[1]!, { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const start = match.index + match[0].indexOf(body) + streamAt + 'stream\n'.length;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
    const raw = pdf.subarray(start, start + length);
    result.set(match[1]!, { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
  }
  return result;
}

/** Windows-1252: Latin-1 plus these characters at 0x80 … 0x9f (Node's TextDecoder treats the label as Latin-1). */
const CP1252_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

function decodeWinAnsi(hex: string): string {
  return [...Buffer.from(hex, 'hex')]
    .map((byte) => (byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte)))
    .join('');
}

function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi)) {
      const from = parseInt(entry[1]!, 16);
      const to = parseInt(entry[2]!, 16);
      if (entry[3]!.startsWith('[')) {
        [...entry[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((value, index) => map.set(from + index, utf16(value[1]!)));
      } else {
        const first = utf16(entry[3]!.slice(1, -1));
        for (let code = from; code <= to; code++) {
          map.set(code, String.fromCharCode(first.charCodeAt(0) + code - from));
        }
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) {
      map.set(parseInt(entry[1]!, 16), utf16(entry[2]!));
    }
  }
  return map;
}

export function readPdf(pdf: Buffer): PdfContents {
  const all = objects(pdf);
  const decoders = new Map<string, (hex: string) => string>();
  const fonts: string[] = [];
  const glyphsPerCharacter = new Map<string, number>();
  for (const object of all.values()) {
    for (const resources of object.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = all.get(resources[2]!);
      if (!font || decoders.has(resources[1]!)) continue;
      fonts.push(/\/BaseFont \/([^\s/>]+)/.exec(font.dict)?.[1] ?? '?');
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font.dict)?.[1];
      const cmap = toUnicode && all.get(toUnicode)?.stream;
      if (cmap) {
        const map = toUnicodeMap(cmap.toString('latin1'));
        const perFont = new Map<string, number>();
        for (const char of map.values()) perFont.set(char, (perFont.get(char) ?? 0) + 1);
        for (const [char, count] of perFont)
          glyphsPerCharacter.set(char, Math.max(count, glyphsPerCharacter.get(char) ?? 0));
        decoders.set(resources[1]!, (hex) =>
          (hex.match(/.{4}/g) ?? []).map((code) => map.get(parseInt(code, 16)) ?? '\ufffd').join(''),
        );
      } else {
        decoders.set(resources[1]!, decodeWinAnsi);
      }
    }
  }
  const runs: PdfContents['runs'] = [];
  const colors = new Set<string>();
  const hex = (value: string) =>
    Math.round(Number(value) * 255)
      .toString(16)
      .padStart(2, '0');
  for (const object of all.values()) {
    if (!object.stream || /\/(Type|Subtype) \/(XObject|Image|FontFile|Font|Metadata)/.test(object.dict)) continue;
    const content = object.stream.toString('latin1');
    if (!content.includes('BT') && !content.includes(' re')) continue;
    let decode: ((hex: string) => string) | undefined;
    let at = { x: 0, y: 0 };
    for (const op of content.matchAll(
      /\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ|([\d.]+) ([\d.]+) ([\d.]+) (?:scn|SCN|rg|RG)\b|(?:[\d.-]+ ){4}([\d.-]+) ([\d.-]+) Tm/g,
    )) {
      if (op[1]) decode = decoders.get(op[1]);
      else if (op[2] !== undefined && decode) {
        const text = [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((part) => decode!(part[1]!)).join('');
        runs.push({ text, ...at });
      } else if (op[3]) colors.add(`#${hex(op[3])}${hex(op[4]!)}${hex(op[5]!)}`);
      else if (op[6]) at = { x: Number(op[6]), y: Number(op[7]) };
    }
  }
  return { lines: runs.map((run) => run.text), runs, colors, fonts, glyphsPerCharacter };
}
