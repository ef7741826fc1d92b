import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { canonicalLanguageTag } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { getTenantSettings } from '../db/tenant.ts';
import { escapeHtml } from '../html/escape.ts';
import { allowedParentOrigin, frameAncestors, porticoOrigins } from '../http/origins.ts';
import { scriptNonce, setPagePolicy } from '../http/csp.ts';
import { pageBranding } from './branding.ts';
import { embedBridgeScript } from './embed-bridge.ts';
import { renderPage } from './html.ts';
import { readAssetManifest } from './asset-manifest.ts';
import { sendRevalidated } from './revalidate.ts';

const EmbedQuery = Type.Object({
  embed: Type.Optional(Type.String({ description: '`1` when the embed loader frames the page.' })),
  parent: Type.Optional(Type.String({ description: "The framing page's origin (embed mode)." })),
  language: Type.Optional(Type.String({ description: 'The page language, e.g. `de`.' })),
});
type EmbedQuery = { embed?: string; parent?: string; language?: string };

const HtmlPage = Type.String({ description: 'An HTML page' });
const tags = ['pages'];

/**
 * The hosted pages: `/{tenant}/signup/{planVariantId}` and `/{tenant}/portal`. Every page is sent with its
 * security headers: the tenant's framing policy (`frame-ancestors`), no referrer, no sniffing; and it preloads the
 * chunks its element's script imports statically (`modulepreload`, read once from the build's manifest).
 *
 * Caching: a page without a nonce is the same for every request to its address (it follows only the tenant's
 * settings and the query), so it is revalidated with an ETag of its bytes (`no-cache`): a repeat visit gets a 304
 * without a body while nothing changed, the new page as soon as a setting did. A page with a nonce (embed mode, with
 * the bridge script) is `no-store`: its nonce must be fresh in every answer, which a stored copy would break, and its
 * bytes differ every time, so an ETag could never match. Other answers (an unknown tenant) are `no-store` too.
 */
export const pageRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context }) => {
  const { database } = context;
  const { themesDir, assetsDir } = context.config;
  const assets = readAssetManifest(assetsDir);
  async function findTenant(id: string) {
    return database.db
      .selectFrom('tenants')
      .where('id', '=', id)
      .select(['id', 'name', 'default_language'])
      .executeTakeFirst();
  }

  /**
   * The tenant's framing policy, its branding and, when the loader framed the page from an allowed origin, the
   * bridge script.
   */
  async function embedding(
    request: FastifyRequest & { query: EmbedQuery },
    tenant: { id: string; name: string; default_language: string },
    tag: string,
  ) {
    const settings = await getTenantSettings(database.db, tenant.id);
    const frameOrigins = settings?.frameOrigins ?? [];
    const branding = await pageBranding(themesDir, tenant.name, settings?.branding, (message) =>
      request.log.warn({ tenant: tenant.id }, `branding: ${message}`),
    );
    const parent =
      request.query.embed === '1'
        ? allowedParentOrigin(request.query.parent, porticoOrigins(request), frameOrigins)
        : null;
    // The languages the picker offers: the tenant's, in its order, each a language tag once.
    const available = Array.isArray(settings?.languages?.available) ? settings.languages.available : [];
    const languages = [
      ...new Set(available.map((language) => canonicalLanguageTag(String(language))).filter((tag) => tag !== null)),
    ];
    return {
      policy: { frameAncestors: frameAncestors(frameOrigins), nonce: parent ? scriptNonce() : undefined },
      inlineScript: parent ? embedBridgeScript(parent, tag) : undefined,
      branding,
      languages,
      // The page starts in `?language=` (the elements' first choice too), else the tenant's default.
      lang: canonicalLanguageTag(request.query.language) ?? tenant.default_language,
    };
  }

  // Every hosted page leaves with its security headers; a page that knows the tenant's framing policy sets its own
  // Content-Security-Policy first (script-src with the page's nonce, `http/csp.ts`), every other answer of this
  // plugin (an unknown tenant) allows only Portico itself to frame it.
  const development = context.config.demo;
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('content-security-policy')) {
      setPagePolicy(reply, { frameAncestors: "frame-ancestors 'self'", development });
    }
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer').header('x-content-type-options', 'nosniff');
  });

  function sendPage(
    reply: FastifyReply,
    html: string,
    status = 200,
    policy?: { frameAncestors: string; nonce?: string },
  ) {
    if (policy) setPagePolicy(reply, { ...policy, development });
    reply.header('content-type', 'text/html; charset=utf-8');
    if (status === 200 && policy && !policy.nonce) return sendRevalidated(reply, html);
    return reply.status(status).send(html);
  }

  function tenantNotFound(reply: FastifyReply) {
    return sendPage(
      reply,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p>There is no Portico merchant at this address.</p></main></body></html>`,
      404,
    );
  }

  app.get(
    '/signup/:planVariantId',
    {
      schema: {
        summary: 'The hosted signup page of a plan variant',
        tags,
        params: Type.Object({ tenant: Type.String(), planVariantId: Type.String() }),
        querystring: EmbedQuery,
        produces: ['text/html'],
        response: { 200: HtmlPage, 404: HtmlPage },
      },
    },
    async (request, reply) => {
      const tenant = await findTenant(request.params.tenant);
      if (!tenant) return tenantNotFound(reply);
      const { policy, inlineScript, branding, languages, lang } = await embedding(request, tenant, 'portico-signup');
      return sendPage(
        reply,
        renderPage({
          title: `Sign up – ${tenant.name}`,
          lang,
          script: 'portico-signup.js',
          preload: assets.staticImports('portico-signup.js'),
          tag: 'portico-signup',
          languages,
          body: `<portico-signup tenant="${escapeHtml(tenant.id)}" plan-variant="${escapeHtml(request.params.planVariantId)}" tenant-language="${escapeHtml(tenant.default_language)}"></portico-signup>`,
          inlineScript,
          nonce: policy.nonce,
          branding,
        }),
        200,
        policy,
      );
    },
  );

  app.get(
    '/portal',
    {
      schema: {
        summary: 'The hosted customer portal (opened with `#token=…`)',
        tags,
        params: Type.Object({ tenant: Type.String() }),
        querystring: EmbedQuery,
        produces: ['text/html'],
        response: { 200: HtmlPage, 404: HtmlPage },
      },
    },
    async (request, reply) => {
      const tenant = await findTenant(request.params.tenant);
      if (!tenant) return tenantNotFound(reply);
      const { policy, inlineScript, branding, languages, lang } = await embedding(request, tenant, 'portico-portal');
      return sendPage(
        reply,
        renderPage({
          title: `Customer portal – ${tenant.name}`,
          lang,
          script: 'portico-portal.js',
          preload: assets.staticImports('portico-portal.js'),
          tag: 'portico-portal',
          languages,
          body: `<portico-portal tenant="${escapeHtml(tenant.id)}" tenant-language="${escapeHtml(tenant.default_language)}"></portico-portal>`,
          inlineScript,
          nonce: policy.nonce,
          branding,
        }),
        200,
        policy,
      );
    },
  );
};
