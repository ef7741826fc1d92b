import type { FastifySchemaValidationError } from 'fastify';

/**
 * Rules for every value a request sends, whatever its route's schema says, applied with the schemas
 * (`validation.ts`) to path parameters, query strings, headers and bodies:
 *
 * - Text must be text PostgreSQL can store: no NUL byte (`text` cannot hold U+0000) and no lone surrogate (half of a
 *   UTF-16 pair, which is no Unicode character and cannot be written as UTF-8). Object keys count as text.
 * - A body is at most {@link MAX_DEPTH} levels deep, so that nothing that walks it (the idempotency hash, a JSON
 *   column, a log serializer) can run out of stack. The check itself walks with an explicit stack.
 *
 * Each problem is reported like a schema finding (an Ajv error with the value's JSON pointer), so the shared error
 * handler answers 400 `invalid_request` with a message on the field.
 */
export const MAX_DEPTH = 32;

/** At most this many findings are reported; a body full of NUL bytes does not get a thousand messages. */
const MAX_FINDINGS = 20;

// eslint-disable-next-line no-control-regex -- the NUL byte is what this rule looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True for text Portico refuses: a NUL byte or a lone surrogate. */
export function isUnstorableText(value: string): boolean {
  return UNSTORABLE.test(value);
}

export const UNSTORABLE_TEXT_MESSAGE =
  'This text contains a character that is not allowed (a NUL byte or an incomplete Unicode character).';
export const TOO_DEEP_MESSAGE = `This value is nested too deeply (at most ${MAX_DEPTH} levels).`;

/** The findings of the rules above in `value`, as Ajv errors (`keyword` `text` or `depth`). */
export function inputFindings(value: unknown): FastifySchemaValidationError[] {
  const findings: FastifySchemaValidationError[] = [];
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value, pointer: '', depth: 0 }];
  while (stack.length > 0 && findings.length < MAX_FINDINGS) {
    const { value: current, pointer, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (isUnstorableText(current)) findings.push(finding('text', pointer, UNSTORABLE_TEXT_MESSAGE));
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      findings.push(finding('depth', pointer, TOO_DEEP_MESSAGE));
      continue;
    }
    const entries = Array.isArray(current)
      ? current.map((item, index) => [String(index), item] as const)
      : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      const child = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!Array.isArray(current) && isUnstorableText(key)) {
        findings.push(finding('text', child, 'This name contains a character that is not allowed.'));
        continue;
      }
      stack.push({ value: item, pointer: child, depth: depth + 1 });
    }
  }
  return findings;
}

function finding(keyword: 'text' | 'depth', instancePath: string, message: string): FastifySchemaValidationError {
  return { keyword, instancePath, schemaPath: '#', params: {}, message };
}
