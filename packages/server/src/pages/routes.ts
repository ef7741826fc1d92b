import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../app.ts';
import { escapeHtml, renderPage } from './html.ts';

/** The hosted pages: `/{tenant}/signup/{planVariantId}` and `/{tenant}/portal`. */
export function registerPageRoutes(app: FastifyInstance, { database }: AppContext): void {
  async function findTenant(id: string) {
    return database.db
      .selectFrom('tenants')
      .where('id', '=', id)
      .select(['id', 'name', 'default_language'])
      .executeTakeFirst();
  }

  function sendPage(reply: FastifyReply, html: string, status = 200) {
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .send(html);
  }

  function tenantNotFound(reply: FastifyReply) {
    return sendPage(
      reply,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p>There is no Portico merchant at this address.</p></main></body></html>`,
      404,
    );
  }

  app.get<{ Params: { tenant: string; planVariantId: string } }>(
    '/:tenant/signup/:planVariantId',
    async (request, reply) => {
      const tenant = await findTenant(request.params.tenant);
      if (!tenant) return tenantNotFound(reply);
      return sendPage(
        reply,
        renderPage({
          title: `Sign up – ${tenant.name}`,
          lang: tenant.default_language,
          script: 'portico-signup.js',
          body: `<portico-signup tenant="${escapeHtml(tenant.id)}" plan-variant="${escapeHtml(request.params.planVariantId)}"></portico-signup>`,
        }),
      );
    },
  );

  app.get<{ Params: { tenant: string } }>('/:tenant/portal', async (request, reply) => {
    const tenant = await findTenant(request.params.tenant);
    if (!tenant) return tenantNotFound(reply);
    return sendPage(
      reply,
      renderPage({
        title: `Customer portal – ${tenant.name}`,
        lang: tenant.default_language,
        script: 'portico-portal.js',
        body: `<portico-portal tenant="${escapeHtml(tenant.id)}"></portico-portal>`,
      }),
    );
  });
}
