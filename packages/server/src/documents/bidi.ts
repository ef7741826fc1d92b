import bidiFactory from 'bidi-js';

/**
 * Right-to-left text for pdfkit. pdfkit wraps text in logical order and hands each line to fontkit, which shapes it
 * (Arabic letters joined) and reverses the whole line when its first script-bearing character is right-to-left — but
 * it knows nothing of the Unicode Bidirectional Algorithm, so numbers and Latin words inside Arabic come out
 * backwards and Arabic inside Latin stays unshaped.
 *
 * `visualRuns` runs the algorithm (bidi-js, UAX #9) on one line and returns the pieces to draw from left to right,
 * each written so that fontkit's own handling yields the right glyphs: a piece is all one script direction, and an
 * Arabic/Hebrew piece is passed in logical order (fontkit shapes and reverses it), anything else in visual order.
 */
const bidi = bidiFactory();

/** Scripts fontkit lays out right to left (the ones Portico can meet in names and translations). */
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
/** Characters that belong to a script (not Common punctuation, digits and spaces, nor Inherited marks). */
const SCRIPT_BEARING = /[^\p{Script=Common}\p{Script=Inherited}]/u;
/** Directional formatting characters: they steer the algorithm but are not drawn. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Letters written right to left (bidi classes R and AL). */
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

/** Whether a text has right-to-left letters, i.e. needs `visualRuns` to print correctly. */
export function hasRightToLeft(text: string): boolean {
  return STRONG_RTL.test(text);
}

/**
 * The pieces of one line of `text`, left to right, ready for fontkit. `direction` is the paragraph direction:
 * `rtl` for a right-to-left document, `auto` (the first strong character decides) for a value in any document.
 */
export function visualRuns(text: string, direction: 'rtl' | 'ltr' | 'auto'): string[] {
  if (text.length === 0) return [];
  const levels = bidi.getEmbeddingLevels(text, direction === 'auto' ? undefined : direction);
  const mirrored = bidi.getMirroredCharactersMap(text, levels.levels);
  const order = Array.from({ length: text.length }, (_, index) => index);
  for (const [start, end] of bidi.getReorderSegments(text, levels) as Array<[number, number]>) {
    const reversed = order.slice(start, end + 1).reverse();
    order.splice(start, reversed.length, ...reversed);
  }
  // Levels are per UTF-16 unit; both halves of a surrogate pair share one, so they stay side by side. Emit the
  // whole character at its high half and skip the low half, whichever order a reversal left them in.
  const visual: string[] = [];
  for (const index of order) {
    const code = text.charCodeAt(index);
    if (code >= 0xdc00 && code <= 0xdfff && index > 0 && isHighSurrogate(text.charCodeAt(index - 1))) continue;
    visual.push(isHighSurrogate(code) ? text.slice(index, index + 2) : (mirrored.get(index) ?? text[index]!));
  }

  // Group the visual characters into pieces of one direction of script; neutral characters join the piece before.
  const pieces: Array<{ rtl: boolean; chars: string[] }> = [];
  for (const char of visual) {
    const last = pieces.at(-1);
    const bearing = SCRIPT_BEARING.test(char);
    const rtl = bearing && RTL_SCRIPT.test(char);
    if (last && (!bearing || last.rtl === rtl || last.chars.every((c) => !SCRIPT_BEARING.test(c)))) {
      if (bearing) last.rtl = rtl;
      last.chars.push(char);
    } else {
      pieces.push({ rtl, chars: [char] });
    }
  }
  return pieces
    .map(({ rtl, chars }) => (rtl ? [...chars].reverse() : chars).join('').replace(BIDI_CONTROLS, ''))
    .filter((piece) => piece.length > 0);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
