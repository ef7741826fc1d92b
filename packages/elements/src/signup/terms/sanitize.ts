import { nativeLabelSanitizer } from './native-sanitizer.ts';

/** Turns merchant HTML for a terms label into HTML safe for `unsafeHTML`. */
export type LabelSanitizer = (dirty: string) => string;

let purify: Promise<LabelSanitizer> | undefined;

/** DOMPurify's path, loaded on first use (its own chunk). */
export function loadPurifyLabelSanitizer(): Promise<LabelSanitizer> {
  purify ??= import('./purify-sanitizer.ts').then(({ purifyLabelSanitizer }) => purifyLabelSanitizer());
  return purify;
}

/**
 * The sanitiser of terms labels, with the server's terms label rule (`@portico/core` `terms-label.ts`) again in
 * the browser: the HTML Sanitizer API where the browser has it (at once), else DOMPurify (loaded then). Detected
 * on each call (one per terms block), so a page that removes the API gets DOMPurify.
 */
export function labelSanitizer(): LabelSanitizer | Promise<LabelSanitizer> {
  return nativeLabelSanitizer() ?? loadPurifyLabelSanitizer();
}
