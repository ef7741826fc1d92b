import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import { DatabaseBusyError } from '../db/busy.ts';

/** An error a client can act on: HTTP status, a stable code, a sentence, and optional field messages. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found`);

/** 400 `invalid_request` with a message per field (field paths such as `customer.email`). */
export function invalid(fields: Record<string, string>, message = 'Please check the highlighted fields.'): HttpError {
  return new HttpError(400, 'invalid_request', message, fields);
}

/**
 * The request schema's findings as field messages: the JSON path of each offending value in dotted form
 * (`/customer/email` → `customer.email`; a missing property names itself; the whole body is `body`).
 */
export function validationFields(
  issues: FastifySchemaValidationError[],
  context: string | undefined,
): Record<string, string> {
  const fields: Record<string, string> = {};
  // A schema that also accepts null (an optional body) adds "must be null" and "must match a schema in anyOf"
  // to every finding about the object that was sent: those say nothing about the field.
  const relevant = issues.filter((issue) => issue.keyword !== 'anyOf' && issue.keyword !== 'oneOf');
  const findings = relevant.some((issue) => !isNullAlternative(issue))
    ? relevant.filter((issue) => !isNullAlternative(issue))
    : relevant;
  for (const issue of findings) {
    const params = issue.params as Record<string, unknown>;
    const segments = issue.instancePath.split('/').slice(1).map(unescapePointer);
    if (typeof params.missingProperty === 'string') segments.push(params.missingProperty);
    if (typeof params.additionalProperty === 'string') segments.push(params.additionalProperty);
    const key = segments.join('.') || (context === 'body' ? 'body' : (context ?? 'request'));
    fields[key] ??= fieldMessage(issue);
  }
  return fields;
}

const isNullAlternative = (issue: FastifySchemaValidationError) =>
  issue.keyword === 'type' && (issue.params as { type?: unknown }).type === 'null';

const unescapePointer = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

function fieldMessage(issue: FastifySchemaValidationError): string {
  const params = issue.params as Record<string, unknown>;
  switch (issue.keyword) {
    case 'required':
      return 'This field is required.';
    case 'additionalProperties':
      return 'This field is not known here and must not be sent.';
    case 'type':
      return `This must be ${article(String(params.type))}.`;
    case 'maxLength':
      return `At most ${String(params.limit)} characters.`;
    case 'minLength':
      return Number(params.limit) <= 1
        ? 'This field must not be empty.'
        : `At least ${String(params.limit)} characters.`;
    case 'minimum':
    case 'maximum':
      return `This must be ${issue.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}.`;
    case 'enum':
      return `Choose one of: ${(params.allowedValues as unknown[]).join(', ')}.`;
    case 'pattern':
    case 'format':
      return 'This value is not in the expected format.';
    default:
      return issue.message ?? 'This value is not valid.';
  }
}

function article(type: string): string {
  const names: Record<string, string> = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    object: 'a JSON object',
    array: 'a list',
    null: 'null',
  };
  return type
    .split(',')
    .map((name) => names[name] ?? name)
    .join(' or ');
}

/** Seconds an overloaded server asks a client to wait before trying again (`Retry-After` of a 503). */
export const OVERLOAD_RETRY_AFTER_SECONDS = 5;

/** Answers 503 `unavailable` with `Retry-After`: the server is overloaded, the same request will work later. */
export function sendUnavailable(reply: FastifyReply): FastifyReply {
  return reply
    .status(503)
    .header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS))
    .send({ error: { code: 'unavailable', message: 'The service is busy. Please try again in a few seconds.' } });
}

/**
 * Errors Fastify answers before routing, in the same format: a URL whose percent-encoding is not UTF-8 text
 * (`%ED%A0%80`, a lone surrogate; `%FF`) is 400 `invalid_request`, a path parameter over 100 characters 414
 * `uri_too_long`.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send({
      error: { code: 'invalid_request', message: 'The address of this request is not valid UTF-8 text.' },
    });
    return;
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send({ error: { code: 'uri_too_long', message: 'A part of the address is too long.' } });
    return;
  }
  request.log.error({ err: error }, 'request failed before routing');
  void reply
    .status(500)
    .send({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
}

/** Every error leaves the server as `{ error: { code, message, fields? } }`; internals are logged, not sent. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code, message: error.message, fields: error.fields } });
    }
    // No free database connection in time, or the process under pressure (@fastify/under-pressure, 503): the
    // same request will work a little later.
    if (error instanceof DatabaseBusyError || error.statusCode === 503) {
      request.log.warn({ err: error }, 'overloaded: answered 503');
      return sendUnavailable(reply);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .status(500)
        .send({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
    }
    if (error.validation) {
      const fields = validationFields(error.validation, error.validationContext);
      const message =
        error.validationContext === 'body' && fields.body
          ? 'The request body must be a JSON object.'
          : 'Please check the highlighted fields.';
      return reply.status(400).send({ error: { code: 'invalid_request', message, fields } });
    }
    // Fastify's own client errors: malformed JSON, body too large, unsupported media type.
    const code =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'body_too_large'
        : error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'malformed_json'
          : 'bad_request';
    return reply.status(status).send({ error: { code, message: error.message } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` } });
  });
}
