import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FeatureOptions } from '../context.ts';
import { createSelfServiceLink } from '../access/links.ts';
import { writeAudit } from '../audit/audit.ts';
import { errors, IdParam } from '../http/schemas.ts';
import { merchantOf } from './api-keys.ts';

const SelfServiceTokenRequest = Type.Object(
  {
    personId: Type.Optional(
      Type.String({ description: "A person of the contract's customer; default: the customer's owner." }),
    ),
    lifetimeSeconds: Type.Optional(
      Type.Number({ description: "Seconds, from 60 to the tenant's maximum; default: the tenant's setting." }),
    ),
    language: Type.Optional(Type.String({ description: 'The portal language, e.g. `de`.', examples: ['de'] })),
    action: Type.Optional(Type.String({ description: 'A section the portal opens, e.g. `payment`.' })),
  },
  { additionalProperties: false },
);

const SelfServiceLink = Type.Object({
  token: Type.String({ description: 'The self-service token (a signed JWT).' }),
  url: Type.String({ description: 'The portal address that carries it.' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

/**
 * `POST /api/v1/contracts/{contractId}/self-service-token` (API key): a portal link for a person of the
 * contract's customer. 404 for a contract of another tenant.
 */
export const selfServiceTokenRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database } },
) => {
  app.post(
    '/contracts/:contractId/self-service-token',
    {
      schema: {
        summary: 'Issue a portal link (self-service token) for a person of the contract',
        tags: ['self-service'],
        security: [{ apiKey: [] }],
        params: Type.Object({ contractId: IdParam }),
        body: Type.Union([SelfServiceTokenRequest, Type.Null()]),
        response: { 200: SelfServiceLink, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { tenantId, keyId } = merchantOf(request);
      const body = request.body ?? {};
      const link = await createSelfServiceLink(database.db, {
        tenantId,
        contractId: request.params.contractId,
        personId: body.personId,
        language: body.language,
        lifetimeSeconds: body.lifetimeSeconds,
        action: body.action,
      });
      await writeAudit(database.db, {
        tenantId,
        actor: { type: 'api_key', id: keyId },
        action: 'self_service_token.issued',
        entity: { type: 'contract', id: request.params.contractId },
        data: { expiresAt: link.expiresAt },
      });
      return link;
    },
  );
};
