import assert from 'node:assert/strict';
import { before, after, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { testApp } from './testing/app.ts';
import { describeEachDemoDatabase } from './demo/testing.ts';

describeEachDemoDatabase('HTTP application', (database) => {
  let app: FastifyInstance;
  let variantId: string;

  before(async () => {
    app = await testApp(database());
    const variant = await database()
      .db.selectFrom('plan_variants')
      .where('tenant_id', '=', 'demo')
      .where('allow_signup', '=', true)
      .select('id')
      .executeTakeFirstOrThrow();
    variantId = variant.id;
  });
  after(() => app.close());

  it('answers /healthz and /readyz', async () => {
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    const ready = await app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().status, 'ready');
  });

  it('serves the signup page with the element and its script, escaping the path', async () => {
    const page = await app.inject(`/demo/signup/${variantId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(
      page.body,
      new RegExp(`<portico-signup tenant="demo" plan-variant="${variantId}" tenant-language="en">`),
    );
    assert.match(page.body, /src="\/assets\/portico-signup\.js"/);
    const hostile = await app.inject('/demo/signup/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    assert.doesNotMatch(hostile.body, /<script>alert/);
  });

  it('serves the portal page and 404 for an unknown tenant', async () => {
    const page = await app.inject('/demo/portal');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<portico-portal tenant="demo" tenant-language="en">/);
    assert.equal((await app.inject('/nobody/portal')).statusCode, 404);
  });

  it('returns a signup plan variant, and 404 for unknown, malformed or other-tenant ids', async () => {
    const ok = await app.inject(`/api/signup/demo/plan-variants/${variantId}`);
    assert.equal(ok.statusCode, 200);
    const body = ok.json();
    assert.equal(body.id, variantId);
    assert.equal(body.currency, 'EUR');
    assert.ok(Number.isInteger(body.priceCents) && body.priceCents > 0);
    for (const url of [
      '/api/signup/demo/plan-variants/00000000-0000-4000-8000-000000000000',
      '/api/signup/demo/plan-variants/not-a-uuid',
      `/api/signup/other/plan-variants/${variantId}`,
    ]) {
      const response = await app.inject(url);
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'not_found');
    }
  });

  it('answers unknown routes with a JSON error', async () => {
    const response = await app.inject('/api/nothing-here');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'not_found');
  });
});
