import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql, type Kysely } from 'kysely';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DB } from '../db/schema.ts';
import { invalid, notFound } from '../http/errors.ts';
import { DateTimeString, errors, IdParam, NoContent, Nullable } from '../http/schemas.ts';
import { currentSecret, ROTATION_OVERLAP_HOURS, sealWebhookSecret } from '../webhooks/endpoints.ts';
import { EVENT_TYPES, isEventType } from '../webhooks/events.ts';
import { endpointUrlProblem } from '../webhooks/outgoing.ts';
import { generateWebhookSecret } from '../webhooks/signature.ts';
import { merchantOf } from './api-keys.ts';
import { olderThan, Page, pageOf, PageQuery, pageRequest } from './paging.ts';

const EventTypes = Type.Array(Type.String({ enum: [...EVENT_TYPES] }), {
  maxItems: EVENT_TYPES.length,
  uniqueItems: true,
  description: `The event types it receives; empty or left out: all. One of ${EVENT_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
});

const Endpoint = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    description: Type.String(),
    eventTypes: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    createdAt: DateTimeString,
    updatedAt: DateTimeString,
    previousSecretExpiresAt: Nullable(DateTimeString),
  },
  { title: 'WebhookEndpoint' },
);

const WithSecret = Type.Intersect([
  Endpoint,
  Type.Object({ secret: Type.String({ description: 'The signing secret (`whsec_…`), for the receiver.' }) }),
]);

const NewEndpoint = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, examples: ['https://example.com/webhooks/portico'] }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    eventTypes: Type.Optional(EventTypes),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const EndpointChange = Type.Partial(NewEndpoint, { additionalProperties: false });

const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed'] as const;

const Attempt = Type.Object({
  attempt: Type.Integer(),
  at: DateTimeString,
  responseStatus: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
});

const Delivery = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String(),
    eventType: Type.String(),
    status: Type.Enum(DELIVERY_STATUSES),
    attempts: Type.Integer(),
    nextAttemptAt: Nullable(DateTimeString),
    responseStatus: Nullable(Type.Integer()),
    lastError: Nullable(Type.String()),
    createdAt: DateTimeString,
    deliveredAt: Nullable(DateTimeString),
    log: Type.Array(Attempt, { description: 'Every attempt, the first first.' }),
  },
  { title: 'WebhookDelivery' },
);

type EndpointRow = {
  id: string;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  created_at: Date;
  updated_at: Date;
  previous_secret_expires_at: Date | null;
};

const endpointColumns = [
  'id',
  'url',
  'description',
  'events',
  'active',
  'created_at',
  'updated_at',
  'previous_secret_expires_at',
] as const;

const endpointJson = (row: EndpointRow) => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.events,
  enabled: row.active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  previousSecretExpiresAt: row.previous_secret_expires_at?.toISOString() ?? null,
});

async function loadEndpoint(db: Kysely<DB>, tenantId: string, id: string) {
  if (!isUuid(id)) throw notFound('This webhook endpoint');
  const row = await db
    .selectFrom('webhook_endpoints')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .select([...endpointColumns, 'tenant_id', 'secret_sealed', 'previous_secret_sealed'])
    .executeTakeFirst();
  if (!row) throw notFound('This webhook endpoint');
  return row;
}

/**
 * The merchant API's webhooks: endpoints (`/webhook-endpoints`: list, create — the answer shows the signing secret —,
 * get, change, delete, `GET …/secret`, `POST …/rotate-secret` with a 24-hour overlap in which both secrets sign),
 * each endpoint's delivery log (`GET /webhook-endpoints/{id}/deliveries`, newest first, every attempt) and
 * redelivery (`POST /webhook-deliveries/{id}/redeliver`: due again now, attempts counted afresh).
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context }) => {
  const { db } = context.database;
  const allowPrivate = context.config.webhooksAllowPrivate;
  const tags = ['webhooks'];
  const security = [{ apiKey: [] }];
  const Params = Type.Object({ id: IdParam });

  const checkUrl = (url: string | undefined) => {
    if (url === undefined) return;
    const problem = endpointUrlProblem(url, allowPrivate);
    if (problem) throw invalid({ url: problem });
  };
  const checkTypes = (types: string[] | undefined) => {
    const unknown = types?.find((type) => !isEventType(type));
    if (unknown) throw invalid({ eventTypes: `"${unknown}" is not an event type.` });
  };
  const audit = (request: Parameters<typeof merchantOf>[0], action: string, id: string) => {
    const { tenantId, keyId } = merchantOf(request);
    return writeAudit(db, {
      tenantId,
      actor: { type: 'api_key', id: keyId },
      action,
      entity: { type: 'webhook_endpoint', id },
    });
  };

  app.get(
    '/webhook-endpoints',
    {
      schema: {
        summary: 'List webhook endpoints',
        tags,
        security,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Page(Endpoint, 'WebhookEndpointList'), ...errors(400, 401, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      const { limit, after } = pageRequest(request.query);
      let query = db.selectFrom('webhook_endpoints').where('tenant_id', '=', tenantId).select(endpointColumns);
      if (after) query = query.where(olderThan('webhook_endpoints', tenantId, after));
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return pageOf(rows, limit, endpointJson);
    },
  );

  app.post(
    '/webhook-endpoints',
    {
      schema: {
        summary: 'Create a webhook endpoint',
        tags,
        security,
        body: NewEndpoint,
        response: { 201: WithSecret, ...errors(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { tenantId } = merchantOf(request);
      const { url, description = '', eventTypes = [], enabled = true } = request.body;
      checkUrl(url);
      checkTypes(eventTypes);
      const id = randomUUID();
      const secret = generateWebhookSecret();
      const row = await db
        .insertInto('webhook_endpoints')
        .values({
          id,
          tenant_id: tenantId,
          url,
          description,
          events: eventTypes,
          active: enabled,
          secret_sealed: sealWebhookSecret(db, tenantId, id, secret),
        })
        .returning(endpointColumns)
        .executeTakeFirstOrThrow();
      await audit(request, 'webhook_endpoint.created', id);
      return reply.code(201).send({ ...endpointJson(row), secret });
    },
  );

  app.get(
    '/webhook-endpoints/:id',
    {
      schema: {
        summary: 'Get a webhook endpoint',
        tags,
        security,
        params: Params,
        response: { 200: Endpoint, ...errors(401, 404, 429) },
      },
    },
    async (request) => endpointJson(await loadEndpoint(db, merchantOf(request).tenantId, request.params.id)),
  );

  app.get(
    '/webhook-endpoints/:id/secret',
    {
      schema: {
        summary: "Get a webhook endpoint's signing secret",
        tags,
        security,
        params: Params,
        response: { 200: Type.Object({ secret: Type.String() }), ...errors(401, 404, 429) },
      },
    },
    async (request) => {
      const row = await loadEndpoint(db, merchantOf(request).tenantId, request.params.id);
      return { secret: currentSecret(db, row) };
    },
  );

  app.patch(
    '/webhook-endpoints/:id',
    {
      schema: {
        summary: 'Change a webhook endpoint',
        tags,
        security,
        params: Params,
        body: EndpointChange,
        response: { 200: Endpoint, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      await loadEndpoint(db, tenantId, request.params.id);
      const { url, description, eventTypes, enabled } = request.body;
      checkUrl(url);
      checkTypes(eventTypes);
      const row = await db
        .updateTable('webhook_endpoints')
        .set({
          ...(url === undefined ? {} : { url }),
          ...(description === undefined ? {} : { description }),
          ...(eventTypes === undefined ? {} : { events: eventTypes }),
          ...(enabled === undefined ? {} : { active: enabled }),
          updated_at: sql<Date>`now()`,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', request.params.id)
        .returning(endpointColumns)
        .executeTakeFirstOrThrow();
      await audit(request, 'webhook_endpoint.changed', row.id);
      return endpointJson(row);
    },
  );

  app.post(
    '/webhook-endpoints/:id/rotate-secret',
    {
      schema: {
        summary: "Rotate a webhook endpoint's secret (the old one signs too for 24 hours)",
        tags,
        security,
        params: Params,
        body: Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]),
        response: { 200: WithSecret, ...errors(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      const before = await loadEndpoint(db, tenantId, request.params.id);
      const secret = generateWebhookSecret();
      const row = await db
        .updateTable('webhook_endpoints')
        .set({
          secret_sealed: sealWebhookSecret(db, tenantId, before.id, secret),
          previous_secret_sealed: sealWebhookSecret(db, tenantId, before.id, currentSecret(db, before), 'previous'),
          previous_secret_expires_at: sql<Date>`now() + make_interval(hours => ${ROTATION_OVERLAP_HOURS})`,
          updated_at: sql<Date>`now()`,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', before.id)
        .returning(endpointColumns)
        .executeTakeFirstOrThrow();
      await audit(request, 'webhook_endpoint.secret_rotated', row.id);
      return { ...endpointJson(row), secret };
    },
  );

  app.delete(
    '/webhook-endpoints/:id',
    {
      schema: {
        summary: 'Delete a webhook endpoint (and its delivery log)',
        tags,
        security,
        params: Params,
        response: { 204: NoContent, ...errors(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { tenantId } = merchantOf(request);
      const row = await loadEndpoint(db, tenantId, request.params.id);
      await db.deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
      await audit(request, 'webhook_endpoint.deleted', row.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/webhook-endpoints/:id/deliveries',
    {
      schema: {
        summary: "A webhook endpoint's delivery log",
        tags,
        security,
        params: Params,
        querystring: Type.Object(
          {
            ...PageQuery,
            status: Type.Optional(Type.Enum(DELIVERY_STATUSES)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Delivery, 'WebhookDeliveryList'), ...errors(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      const endpoint = await loadEndpoint(db, tenantId, request.params.id);
      const { limit, after } = pageRequest(request.query);
      let query = db
        .selectFrom('webhook_deliveries')
        .where('tenant_id', '=', tenantId)
        .where('endpoint_id', '=', endpoint.id)
        .selectAll();
      if (request.query.status) query = query.where('status', '=', request.query.status);
      if (after) query = query.where(olderThan('webhook_deliveries', tenantId, after));
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const ids = rows.slice(0, limit).map((row) => row.id);
      const attempts = ids.length
        ? await db
            .selectFrom('webhook_attempts')
            .where('tenant_id', '=', tenantId)
            .where('delivery_id', 'in', ids)
            .selectAll()
            .orderBy('attempt')
            .orderBy('created_at')
            .execute()
        : [];
      return pageOf(rows, limit, (row) => ({
        id: row.id,
        eventId: row.event_id,
        eventType: row.event_type,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
        responseStatus: row.response_status,
        lastError: row.last_error,
        createdAt: row.created_at.toISOString(),
        deliveredAt: row.delivered_at?.toISOString() ?? null,
        log: attempts
          .filter((attempt) => attempt.delivery_id === row.id)
          .map((attempt) => ({
            attempt: attempt.attempt,
            at: attempt.created_at.toISOString(),
            responseStatus: attempt.response_status,
            error: attempt.error,
            durationMs: attempt.duration_ms,
          })),
      }));
    },
  );

  app.post(
    '/webhook-deliveries/:id/redeliver',
    {
      schema: {
        summary: 'Send a webhook delivery again (now)',
        tags,
        security,
        params: Params,
        body: Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]),
        response: {
          202: Type.Object({ id: Type.String(), status: Type.Literal('pending') }),
          ...errors(400, 401, 403, 404, 409, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const { tenantId } = merchantOf(request);
      const id = request.params.id;
      if (!isUuid(id)) throw notFound('This webhook delivery');
      const row = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('status', '!=', 'sending')
        .returning(['id', 'endpoint_id'])
        .executeTakeFirst();
      if (!row) {
        const exists = await db
          .selectFrom('webhook_deliveries')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .select('id')
          .executeTakeFirst();
        if (!exists) throw notFound('This webhook delivery');
        return reply.code(202).send({ id, status: 'pending' as const }); // being sent right now
      }
      await audit(request, 'webhook_delivery.redelivered', row.endpoint_id);
      return reply.code(202).send({ id: row.id, status: 'pending' as const });
    },
  );
};
