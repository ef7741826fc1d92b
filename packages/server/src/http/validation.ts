import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isDate } from '../contracts/dates.ts';
import { invalid } from './errors.ts';
import { inputFindings, UNSTORABLE_TEXT_MESSAGE } from './input.ts';

/**
 * How route schemas are applied.
 *
 * Requests: one Ajv for every route, strict about what clients send — no type coercion (a quantity sent as `"3"` is
 * refused, not silently turned into 3), unknown properties refused where a schema closes an object (not silently
 * removed), and every problem reported at once so a form can mark all its fields.
 *
 * Answers: serialised with `JSON.stringify`, so an answer is never cut down to its schema behind the code's back. With
 * `strictResponses` (the tests' setting) each answer is first checked against its route's response schema and a
 * mismatch fails the request, so the OpenAPI document cannot drift from what the routes really send.
 */
export function installSchemaCompilers(app: FastifyInstance, { strictResponses }: { strictResponses: boolean }): void {
  const requests = withFormats(
    new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: true, strict: false }),
  );
  // Query strings and path parameters arrive as text: those alone may be coerced (`?limit=20`).
  const urlParts = withFormats(
    new Ajv({ coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: true, strict: false }),
  );
  // Every part with a schema also passes the input rules of `input.ts` (no NUL bytes or lone surrogates, bounded depth),
  // whatever its schema says, so an open object (the customer fields) or `Type.Unknown()` cannot smuggle them in.
  app.setValidatorCompiler(({ schema, httpPart }) =>
    withInputRules((httpPart === 'body' ? requests : urlParts).compile(schema)),
  );
  // Path parameters are read before validation — by the CORS and authentication hooks (the tenant) — so their text
  // rule runs first of all, as the first hook of every route.
  app.addHook('onRequest', async (request) => {
    const params = (request.params ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    for (const finding of inputFindings(params)) fields[finding.instancePath.slice(1)] = UNSTORABLE_TEXT_MESSAGE;
    if (Object.keys(fields).length > 0)
      throw invalid(fields, 'The address of this request contains a character that is not allowed.');
  });
  const answers = withFormats(new Ajv({ allErrors: false, strict: false }));
  app.setSerializerCompiler(({ schema, method, url, httpStatus }) => {
    if (!strictResponses) return (data) => JSON.stringify(data);
    let check: ValidateFunction | undefined;
    return (data) => {
      check ??= answers.compile(schema);
      // Round-trip first: what is checked is what the client receives (dates become strings, undefined vanishes).
      const json = JSON.stringify(data);
      if (json !== undefined && !check(JSON.parse(json))) {
        const problem = check.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
        throw new Error(`${method} ${url} answered ${httpStatus} with a body its response schema refuses: ${problem}`);
      }
      return json;
    };
  });
}

/** A validator that runs Ajv and the input rules, and reports the findings of both. */
function withInputRules(validate: ValidateFunction) {
  const check = (data: unknown): boolean => {
    const findings = inputFindings(data);
    const valid = validate(data);
    if (valid && findings.length === 0) return true;
    check.errors = [...((validate.errors ?? []) as FastifySchemaValidationError[]), ...findings];
    return false;
  };
  check.errors = null as FastifySchemaValidationError[] | null;
  return check;
}

/**
 * ajv-formats, with `date` as Portico's calendar-date rule (`isDate`): a real day of the years 0001–9999, as
 * PostgreSQL stores it — not 30 February (which `Date` rolls into March) and not the year 0000 (which PostgreSQL
 * does not have).
 */
function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  ajv.addFormat('date', { type: 'string', validate: isDate });
  return ajv;
}
