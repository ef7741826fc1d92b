import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { testApp } from '../testing/app.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';

/** The `frame-ancestors` directive of an answer's Content-Security-Policy. */
const frameAncestorsOf = (policy: unknown) =>
  String(policy)
    .split(';')
    .map((directive) => directive.trim())
    .find((directive) => directive.startsWith('frame-ancestors'));

const merchant = 'https://shop.example';

describeEachDemoDatabase('embedding: frame-ancestors and CORS', (database) => {
  let app: FastifyInstance;
  let variantId: string;

  before(async () => {
    const db = database().db;
    await db
      .updateTable('tenant_settings')
      .where('tenant_id', '=', 'demo')
      .set({
        settings: sql`jsonb_set(settings, '{frameOrigins}', ${JSON.stringify([merchant, 'javascript:alert(1)'])}::jsonb)`,
      })
      .execute();
    app = await testApp(database(), { demo: true });
    const variant = await db
      .selectFrom('plan_variants')
      .where('tenant_id', '=', 'demo')
      .where('allow_signup', '=', true)
      .select('id')
      .executeTakeFirstOrThrow();
    variantId = variant.id;
  });
  after(() => app.close());

  it("sends frame-ancestors 'self' and the tenant's well-formed frame origins on both hosted pages", async () => {
    for (const url of [`/demo/signup/${variantId}`, '/demo/portal']) {
      const page = await app.inject(url);
      assert.equal(page.statusCode, 200);
      assert.equal(frameAncestorsOf(page.headers['content-security-policy']), `frame-ancestors 'self' ${merchant}`);
    }
    const unknown = await app.inject('/nobody/portal');
    assert.equal(frameAncestorsOf(unknown.headers['content-security-policy']), "frame-ancestors 'self'");
  });

  it('sends every hosted page, found or not, with no-referrer and nosniff; a found one revalidated, others no-store', async () => {
    const found = [`/demo/signup/${variantId}`, '/demo/portal'];
    for (const url of [...found, '/nobody/portal', `/nobody/signup/${variantId}`]) {
      const page = await app.inject(url);
      // A found page is the same for every request to its address: revalidated with its ETag (`page-delivery.test.ts`).
      assert.equal(page.headers['cache-control'], found.includes(url) ? 'no-cache' : 'no-store', url);
      assert.equal(page.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(page.headers['x-content-type-options'], 'nosniff', url);
      assert.match(String(page.headers['content-type']), /^text\/html/, url);
    }
  });

  it('adds the message bridge only for an allowed parent origin, addressed to exactly that origin', async () => {
    const framed = await app.inject(`/demo/signup/${variantId}?embed=1&parent=${encodeURIComponent(merchant)}`);
    assert.match(framed.body, /const parentOrigin = "https:\/\/shop\.example";/);
    assert.match(framed.body, /\}, parentOrigin\);/);
    assert.doesNotMatch(framed.body, /'\*'|"\*"/);
    const portal = await app.inject(`/demo/portal?embed=1&parent=${encodeURIComponent(merchant)}`);
    assert.match(portal.body, /const tag = "portico-portal";/);

    for (const parent of ['https://evil.example', '*', `${merchant}/path`, 'javascript:alert(1)', '']) {
      const page = await app.inject(`/demo/signup/${variantId}?embed=1&parent=${encodeURIComponent(parent)}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /parentOrigin/, `bridge for parent ${parent}`);
    }
    assert.doesNotMatch((await app.inject(`/demo/signup/${variantId}`)).body, /parentOrigin/);
  });

  it('answers CORS requests from a listed origin with that exact origin and Vary: Origin', async () => {
    const ok = await app.inject({
      url: `/api/signup/demo/plan-variants/${variantId}/config`,
      headers: { origin: merchant },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers['access-control-allow-origin'], merchant);
    assert.match(String(ok.headers.vary), /Origin/);

    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/signup/demo/orders',
      headers: { origin: merchant, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], merchant);
    assert.match(String(preflight.headers['access-control-allow-headers']), /Idempotency-Key/);

    const portal = await app.inject({
      method: 'OPTIONS',
      url: '/api/portal/demo/dashboard',
      headers: { origin: merchant, 'access-control-request-method': 'GET' },
    });
    assert.equal(portal.headers['access-control-allow-origin'], merchant);
    assert.match(String(portal.headers['access-control-allow-headers']), /Authorization/);
  });

  it('gives no CORS headers to other origins, near misses or other tenants', async () => {
    for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'http://shop.example', 'null']) {
      const answer = await app.inject({
        url: `/api/signup/demo/plan-variants/${variantId}/config`,
        headers: { origin },
      });
      assert.equal(answer.headers['access-control-allow-origin'], undefined, origin);
      assert.match(String(answer.headers.vary), /Origin/);
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/signup/demo/orders',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.headers['access-control-allow-origin'], undefined, origin);
      assert.equal(preflight.headers['access-control-allow-methods'], undefined, origin);
    }
    const otherTenant = await app.inject({
      url: '/api/signup/nobody/plan-variants/x/config',
      headers: { origin: merchant },
    });
    assert.equal(otherTenant.headers['access-control-allow-origin'], undefined);
    const notApi = await app.inject({ url: '/healthz', headers: { origin: merchant } });
    assert.equal(notApi.headers['access-control-allow-origin'], undefined);
  });

  it('serves the demo merchant site and its config (demo variant and a portal token)', async () => {
    const index = await app.inject('/demo-site/');
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /signup-iframe\.html/);
    const config = await app.inject('/demo-site/config.json');
    assert.equal(config.statusCode, 200);
    assert.equal(config.json().planVariantId, variantId);
    assert.match(String(config.json().portalToken), /^[\w-]+\.[\w-]+\.[\w-]+$/);
    // The language pickers offer every translated language.
    assert.deepEqual(config.json().languages, ['en', 'ar', 'cs', 'de', 'es', 'fr', 'it', 'lt', 'nl', 'pl', 'pt', 'sv']);
  });
});
