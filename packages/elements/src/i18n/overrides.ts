import type { StrResult, TemplateLike, TemplateMap } from '@lit/localize';
// The id lit-localize derives from a message's English text (the `<trans-unit id>`), so a key may be either.
import { generateMsgId } from '@lit/localize/internal/id-generation.js';

/**
 * Replacement texts by message id (`s…` or, for a plural form, `trialDays.few`, as in `locales/*.xlf`) or by the
 * English text of a message. A plural form has an id of its own and can be replaced by that id only.
 */
export type StringTable = Record<string, string>;

/** `{ [language]: StringTable }`, as a tenant configures them (settings.stringOverrides). */
export type LanguageStringTables = Record<string, StringTable>;

/** Ids lit-localize derives from English texts, and the explicit ids of plural forms (see `plural.ts`). */
const idPattern = /^(s[0-9a-f]{16}|[a-z][A-Za-z0-9]*\.(zero|one|two|few|many|other))$/;

/**
 * The message id a key stands for: the key itself when it is an id, else the id of that English text (with
 * `{0}`, `{1}` … where the message has values, as `GET /api/i18n/{locale}/messages` shows them).
 */
export function messageId(key: string): string {
  return idPattern.test(key) ? key : generateMsgId(key.split(/\{\d+\}/), false);
}

/** How many values a message has: 0 for a plain text, the placeholder count for a `str` message. */
export function placeholderCount(template: TemplateLike | undefined): number {
  if (!template || typeof template === 'string' || !('strTag' in template)) return 0;
  return Math.max(0, ...template.values.map((index) => Number(index) + 1));
}

/**
 * A replacement text as a template for lit-localize. Plain text stays text (it is rendered as a text node or
 * attribute value, never as HTML); in a message with values, `{0}`, `{1}` … stand for the values in the order
 * of the English text. Null (with a reason) when the text names a value the message does not have.
 */
export function overrideTemplate(text: string, values: number): TemplateLike | { error: string } {
  if (values === 0) return text;
  const strings: string[] = [];
  const order: number[] = [];
  let rest = text;
  for (let match = /\{(\d+)\}/.exec(rest); match; match = /\{(\d+)\}/.exec(rest)) {
    const index = Number(match[1]);
    if (index >= values) return { error: `"{${index}}" is not a value of this message (it has ${values})` };
    strings.push(rest.slice(0, match.index));
    order.push(index);
    rest = rest.slice(match.index + match[0].length);
  }
  strings.push(rest);
  const result: StrResult = { strTag: true, strings: strings as unknown as TemplateStringsArray, values: order };
  return result;
}

/**
 * Applies replacement texts to a copy of a language's templates. `sources` are the templates that tell which
 * messages have values (the language's own, or another language's for English, whose templates are empty).
 */
export function applyOverrides(
  base: TemplateMap,
  sources: TemplateMap,
  tables: StringTable[],
  warn: (message: string) => void,
): TemplateMap {
  const templates: TemplateMap = { ...base };
  for (const table of tables) {
    for (const [key, text] of Object.entries(table)) {
      if (typeof text !== 'string') {
        warn(`Portico: the text for "${key}" is not a string; it is ignored.`);
        continue;
      }
      const id = messageId(key);
      const template = overrideTemplate(text, placeholderCount(sources[id] ?? base[id]));
      if (typeof template === 'object' && 'error' in template) {
        warn(`Portico: the text for "${key}" is ignored: ${template.error}.`);
        continue;
      }
      templates[id] = template;
    }
  }
  return templates;
}
