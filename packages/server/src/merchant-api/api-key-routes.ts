import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FeatureOptions } from '../context.ts';
import { isUuid } from '../access/tokens.ts';
import { writeAudit } from '../audit/audit.ts';
import { notFound } from '../http/errors.ts';
import { DateTimeString, errors, IdParam, NoContent, Nullable } from '../http/schemas.ts';
import { API_KEY_INFO_COLUMNS, apiKeyInfo, merchantOf, storeApiKey, type ApiKeyInfo } from './api-keys.ts';

const Scope = Type.Union([Type.Literal('read'), Type.Literal('write')], {
  description: '`read`: GET requests only; `write`: every request.',
});

const ApiKey = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    scope: Scope,
    createdAt: DateTimeString,
    lastUsedAt: Nullable(DateTimeString),
    revokedAt: Nullable(DateTimeString),
  },
  { title: 'ApiKey' },
);

const NewApiKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for, e.g. "CRM sync".' }),
    scope: Scope,
  },
  { additionalProperties: false },
);

const CreatedApiKey = Type.Intersect([
  ApiKey,
  Type.Object({ key: Type.String({ description: 'The key itself (`pk_…`). Shown this once: store it now.' }) }),
]);

const json = (key: ApiKeyInfo) => ({
  id: key.id,
  name: key.name,
  scope: key.scope,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

/**
 * `GET /api/v1/api-keys`, `POST /api/v1/api-keys`, `DELETE /api/v1/api-keys/{id}`: the tenant's API keys — several,
 * each with a name and a scope, shown with their last use; a new key is shown once (only its hash is stored);
 * revoking one refuses it from the next request on (also the key that revokes itself).
 */
export const apiKeyRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const { db } = database;

  app.get(
    '/api-keys',
    {
      schema: {
        summary: 'List the API keys',
        tags: ['api keys'],
        security: [{ apiKey: [] }],
        response: { 200: Type.Object({ data: Type.Array(ApiKey) }), ...errors(401, 429) },
      },
    },
    async (request) => {
      const rows = await db
        .selectFrom('api_keys')
        .where('tenant_id', '=', merchantOf(request).tenantId)
        .select(API_KEY_INFO_COLUMNS)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return { data: rows.map((row) => json(apiKeyInfo(row))) };
    },
  );

  app.post(
    '/api-keys',
    {
      schema: {
        summary: 'Create an API key',
        tags: ['api keys'],
        security: [{ apiKey: [] }],
        body: NewApiKey,
        response: { 201: CreatedApiKey, ...errors(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { tenantId, keyId } = merchantOf(request);
      const created = await storeApiKey(db, tenantId, request.body);
      await writeAudit(db, {
        tenantId,
        actor: { type: 'api_key', id: keyId },
        action: 'api_key.created',
        entity: { type: 'api_key', id: created.id },
        data: { name: created.name, scope: created.scope },
      });
      return reply.code(201).send({ ...json(created), key: created.key });
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        summary: 'Revoke an API key',
        tags: ['api keys'],
        security: [{ apiKey: [] }],
        params: Type.Object({ id: IdParam }),
        response: { 204: NoContent, ...errors(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { tenantId, keyId } = merchantOf(request);
      const { id } = request.params;
      if (!isUuid(id)) throw notFound('This active API key');
      const revoked = await db
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!revoked) throw notFound('This active API key');
      await writeAudit(db, {
        tenantId,
        actor: { type: 'api_key', id: keyId },
        action: 'api_key.revoked',
        entity: { type: 'api_key', id },
      });
      return reply.code(204).send(null);
    },
  );
};
