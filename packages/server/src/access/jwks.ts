import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.ts';
import { notFound } from '../http/errors.ts';
import { listPublicKeys } from './keys.ts';

/** `GET /{tenant}/.well-known/jwks.json`: the tenant's public keys (current and recently retired). */
export function registerJwksRoute(app: FastifyInstance, { database }: AppContext): void {
  app.get<{ Params: { tenant: string } }>('/:tenant/.well-known/jwks.json', async (request, reply) => {
    const { tenant } = request.params;
    const exists = await database.db.selectFrom('tenants').where('id', '=', tenant).select('id').executeTakeFirst();
    if (!exists) throw notFound('This merchant');
    const keys = await listPublicKeys(database.db, tenant);
    return reply.header('cache-control', 'public, max-age=60').send({ keys });
  });
}
