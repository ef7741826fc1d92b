import { Type, type TSchema } from 'typebox';

/**
 * Schemas every API shares. Routes declare `params`, `querystring`, `body` and `response` with TypeBox; Fastify's
 * validator checks requests against them (errors: `errors.ts`), the type provider types the handlers, and
 * `@fastify/swagger` turns them into the OpenAPI document (`openapi.ts`).
 */

/** `{ error: { code, message, fields? } }`: every error answer (see `ApiErrorBody` in `@portico/core`). */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'A stable, machine-readable code, e.g. `invalid_request`.' }),
      message: Type.String({ description: 'A sentence for people, in the request language where translated.' }),
      fields: Type.Optional(
        Type.Record(Type.String(), Type.String(), {
          description: 'Field path (e.g. `customer.email`) → what is wrong with it.',
        }),
      ),
    }),
  },
  { title: 'Error' },
);

/** The error answers a route may give, each with the shared error body. */
export function errors<const S extends number[]>(...statuses: S): { [K in S[number]]: typeof ErrorBody } {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody])) as { [K in S[number]]: typeof ErrorBody };
}

/** A tenant's id in the path: letters, digits, `-` and `_` (the tenants table's rule). */
export const TenantId = Type.String({ minLength: 1, maxLength: 64, description: 'The merchant (tenant) id.' });

export const TenantParams = Type.Object({ tenant: TenantId });

/** An id in a path segment. Not `format: uuid`: a malformed id is answered 404 like an unknown one. */
export const IdParam = Type.String({ minLength: 1, maxLength: 100 });

export const Uuid = Type.String({ format: 'uuid' });

/**
 * A calendar date `YYYY-MM-DD`: a real day of the years 0001–9999 (`format: 'date'` is Portico's rule, `isDate` of
 * `contracts/dates.ts`, in `validation.ts`), so 30 February or the year 0000 is a 400 and never reaches SQL.
 */
export const DateString = Type.String({ format: 'date', examples: ['2026-12-01'] });

/** An ISO 8601 timestamp. */
export const DateTimeString = Type.String({ format: 'date-time' });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An answer without a body (`204 No Content`). */
export const NoContent = Type.Null({ description: 'No content' });
