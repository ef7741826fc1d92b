/**
 * Wraps a merchant's or customer's text (a catalog name, a coupon description, a company name) in Unicode's
 * first-strong isolate, FSI … PDI: the plain-text form of `<bdi>`, for texts inside a translated sentence or an
 * attribute. The text keeps its own direction, so in Arabic an English name keeps its punctuation on its own side
 * and does not reorder the sentence around it. In markup, use `dir="auto"` or `<bdi>` instead.
 */
export function isolate(text: string): string {
  return text ? `\u2068${text}\u2069` : text;
}
