import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'kysely';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { notFound } from '../http/errors.ts';
import { DateTimeString, errors, IdParam } from '../http/schemas.ts';
import { EVENT_TYPES, type EventJson } from '../webhooks/events.ts';
import { merchantOf } from './api-keys.ts';
import { olderThan, Page, pageOf, PageQuery, pageRequest } from './paging.ts';

const EventSchema = Type.Object(
  {
    id: Type.String({ description: 'Also the `webhook-id` of its deliveries.' }),
    type: Type.String({ enum: [...EVENT_TYPES] }),
    createdAt: DateTimeString,
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'The objects it concerns and what changed.' }),
  },
  { title: 'Event' },
);

const EventQuery = Type.Object(
  {
    ...PageQuery,
    type: Type.Optional(Type.String({ enum: [...EVENT_TYPES], description: 'Only events of this type.' })),
    created_gte: Type.Optional(DateTimeString),
    created_lt: Type.Optional(DateTimeString),
  },
  { additionalProperties: false },
);

const json = (row: { id: string; type: string; created_at: Date; data: EventJson['data'] }): EventJson => ({
  id: row.id,
  type: row.type,
  createdAt: row.created_at.toISOString(),
  data: row.data,
});

/**
 * `GET /api/v1/events` (newest first, paged; filters `type`, `created_gte`, `created_lt`) and `GET /api/v1/events/{id}`:
 * the same events the webhooks send, for a merchant that missed some or prefers to poll.
 */
export const eventRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const { db } = database;
  const tags = ['events'];
  const security = [{ apiKey: [] }];

  app.get(
    '/events',
    {
      schema: {
        summary: 'List events',
        tags,
        security,
        querystring: EventQuery,
        response: { 200: Page(EventSchema, 'EventList'), ...errors(400, 401, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      const { limit, after } = pageRequest(request.query);
      const { type, created_gte: from, created_lt: until } = request.query;
      let query = db
        .selectFrom('events')
        .where('tenant_id', '=', tenantId)
        .select(['id', 'type', 'created_at', 'data']);
      if (type) query = query.where('type', '=', type);
      if (from) query = query.where('created_at', '>=', sql<Date>`${from}::timestamptz`);
      if (until) query = query.where('created_at', '<', sql<Date>`${until}::timestamptz`);
      if (after) query = query.where(olderThan('events', tenantId, after));
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return pageOf(rows, limit, json);
    },
  );

  app.get(
    '/events/:id',
    {
      schema: {
        summary: 'Get an event',
        tags,
        security,
        params: Type.Object({ id: IdParam }),
        response: { 200: EventSchema, ...errors(401, 404, 429) },
      },
    },
    async (request) => {
      const { tenantId } = merchantOf(request);
      if (!isUuid(request.params.id)) throw notFound('This event');
      const row = await db
        .selectFrom('events')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', request.params.id)
        .select(['id', 'type', 'created_at', 'data'])
        .executeTakeFirst();
      if (!row) throw notFound('This event');
      return json(row);
    },
  );
};
