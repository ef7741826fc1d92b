import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FeatureOptions } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { errors, TenantParams } from '../http/schemas.ts';
import { listPublicKeys } from './keys.ts';

/** `GET /{tenant}/.well-known/jwks.json`: the tenant's public keys (current and recently retired). */
export const jwksRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  app.get(
    '/jwks.json',
    {
      schema: {
        summary: "The merchant's public keys that verify its portal links (JWKS)",
        tags: ['access'],
        params: TenantParams,
        response: {
          200: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
          ...errors(404),
        },
      },
    },
    async (request, reply) => {
      const { tenant } = request.params;
      const exists = await database.db.selectFrom('tenants').where('id', '=', tenant).select('id').executeTakeFirst();
      if (!exists) throw notFound('This merchant');
      const keys = await listPublicKeys(database.db, tenant);
      return reply.header('cache-control', 'public, max-age=60').send({ keys });
    },
  );
};
