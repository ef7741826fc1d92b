import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.ts';
import { createSelfServiceLink } from '../access/links.ts';
import { HttpError } from '../http/errors.ts';
import { authenticateApiKey } from './api-keys.ts';

interface Body {
  personId?: string;
  lifetimeSeconds?: number;
  language?: string;
  action?: string;
}

/**
 * `POST /api/v1/contracts/{contractId}/self-service-token` (API key): a portal link for a person of the
 * contract's customer. 404 for a contract of another tenant.
 */
export function registerSelfServiceTokenRoute(app: FastifyInstance, { database }: AppContext): void {
  app.post<{ Params: { contractId: string }; Body: Body | undefined }>(
    '/api/v1/contracts/:contractId/self-service-token',
    async (request, reply) => {
      const { tenantId, keyId } = await authenticateApiKey(database.db, request);
      const body = request.body ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError(400, 'invalid_request', 'The body must be a JSON object.');
      }
      const fields: Record<string, string> = {};
      if (body.personId !== undefined && typeof body.personId !== 'string') fields.personId = 'a person id';
      if (body.language !== undefined && typeof body.language !== 'string') fields.language = 'a language code';
      if (body.action !== undefined && typeof body.action !== 'string') fields.action = 'an action name';
      if (body.lifetimeSeconds !== undefined && typeof body.lifetimeSeconds !== 'number') {
        fields.lifetimeSeconds = 'a number of seconds';
      }
      if (Object.keys(fields).length) {
        throw new HttpError(400, 'invalid_request', 'Some fields have the wrong type.', fields);
      }
      const link = await createSelfServiceLink(database.db, {
        tenantId,
        contractId: request.params.contractId,
        personId: body.personId,
        language: body.language,
        lifetimeSeconds: body.lifetimeSeconds,
        action: body.action,
      });
      await database.db
        .insertInto('audit_log')
        .values({
          tenant_id: tenantId,
          actor_type: 'api_key',
          actor_id: keyId,
          action: 'self_service_token.issued',
          entity_type: 'contract',
          entity_id: request.params.contractId,
          data: { expiresAt: link.expiresAt },
        })
        .execute();
      return reply.send(link);
    },
  );
}
