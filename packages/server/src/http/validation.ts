import type { FastifyInstance } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

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
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? requests : urlParts).compile(schema));
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

function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  return ajv;
}
