import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { testApp } from '../testing/app.ts';
import { writeFixtureDist, type FixtureDist } from '../testing/fixture-dist.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';

/** The addresses a page preloads, in its order. */
const preloadsOf = (html: string) =>
  [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((match) => match[1]);

const merchant = 'https://shop.example';

describeEachDemoDatabase('hosted pages: modulepreload and revalidation', (database) => {
  let app: FastifyInstance;
  let dist: FixtureDist;
  let signup: string;

  before(async () => {
    const db = database().db;
    await db
      .updateTable('tenant_settings')
      .where('tenant_id', '=', 'demo')
      .set({ settings: sql`jsonb_set(settings, '{frameOrigins}', ${JSON.stringify([merchant])}::jsonb)` })
      .execute();
    dist = await writeFixtureDist();
    app = await testApp(database(), { assetsDir: dist.dir });
    const variant = await db
      .selectFrom('plan_variants')
      .where('tenant_id', '=', 'demo')
      .where('allow_signup', '=', true)
      .select('id')
      .executeTakeFirstOrThrow();
    signup = `/demo/signup/${variant.id}`;
  });
  after(async () => {
    await app.close();
    await rm(dist.dir, { recursive: true, force: true });
  });

  it("preloads exactly the chunks the page's entry imports statically, not the lazy ones", async () => {
    const page = await app.inject(signup);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(preloadsOf(page.body).sort(), dist.signupImports.map((file) => `/assets/${file}`).sort());
    assert.ok(!page.body.includes(dist.lazyChunk), 'the lazily imported chunk is not preloaded');
    const portal = await app.inject('/demo/portal');
    assert.deepEqual(preloadsOf(portal.body), ['/assets/chunks/lit-Ab12Cd34.js']);
    // The policy allows them: scripts from Portico itself.
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  });

  it('revalidates a page: no-cache with an ETag, 304 without a body on a repeat visit, the new page after a change', async () => {
    for (const url of [signup, '/demo/portal', '/demo/portal?language=de']) {
      const first = await app.inject(url);
      assert.equal(first.headers['cache-control'], 'no-cache', url);
      const etag = String(first.headers.etag);
      assert.match(etag, /^"[\w-]+"$/, url);
      const again = await app.inject({ url, headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.body, '', url);
      assert.equal(again.headers.etag, etag, url);
      // The 304 carries the page's security headers as the 200 did.
      assert.equal(again.headers['content-security-policy'], first.headers['content-security-policy'], url);
      assert.equal(again.headers['x-content-type-options'], 'nosniff', url);
    }
    const before = await app.inject('/demo/portal');
    await database()
      .db.updateTable('tenants')
      .where('id', '=', 'demo')
      .set({ name: sql`name || ' GmbH'` })
      .execute();
    try {
      const changed = await app.inject({
        url: '/demo/portal',
        headers: { 'if-none-match': String(before.headers.etag) },
      });
      assert.equal(changed.statusCode, 200, 'a changed page is sent again');
      assert.notEqual(changed.headers.etag, before.headers.etag);
      assert.match(changed.body, /GmbH/);
    } finally {
      await database()
        .db.updateTable('tenants')
        .where('id', '=', 'demo')
        .set({ name: sql`left(name, length(name) - 5)` })
        .execute();
    }
  });

  it('never stores a page with a nonce (embed mode with the bridge): each answer has a fresh one', async () => {
    const url = `/demo/portal?embed=1&parent=${encodeURIComponent(merchant)}`;
    const first = await app.inject(url);
    const second = await app.inject(url);
    assert.equal(first.headers['cache-control'], 'no-store');
    assert.equal(first.headers.etag, undefined);
    const nonce = (html: string) => /nonce="([^"]+)"/.exec(html)?.[1];
    assert.ok(nonce(first.body) && nonce(first.body) !== nonce(second.body), 'a fresh nonce per answer');
    assert.deepEqual(preloadsOf(first.body), ['/assets/chunks/lit-Ab12Cd34.js'], 'embedded pages preload too');
  });
});

describeEachDemoDatabase('hosted pages without a build', (database) => {
  let app: FastifyInstance;
  before(async () => {
    app = await testApp(database(), { assetsDir: path.join(import.meta.dirname, 'no-such-dist') });
  });
  after(() => app.close());

  it('are served without preloads', async () => {
    const page = await app.inject('/demo/portal');
    assert.equal(page.statusCode, 200);
    assert.deepEqual(preloadsOf(page.body), []);
    assert.match(page.body, /<script type="module" src="\/assets\/portico-portal.js">/);
  });
});
