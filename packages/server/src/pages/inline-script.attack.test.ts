import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { mailboxWith } from '../testing/mailbox.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';

const mailbox = mailboxWith({ subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' });

/** The directives of a policy header, by name. */
function directives(policy: unknown): Map<string, string[]> {
  assert.equal(typeof policy, 'string', 'a Content-Security-Policy header');
  return new Map(
    String(policy)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/**
 * An attacker who gets markup into a page — an inline `<script>`, an `onerror=` handler, a `javascript:` link, an
 * `<object>`, a `<base href>` that repoints the page's relative script addresses — must find the browser refusing to
 * run it: every HTML page carries a policy whose script-src has neither 'unsafe-inline' nor a wildcard, and only
 * the page's own inline scripts carry its nonce.
 */
describeEachDemoDatabase('attack: script injected into an HTML page Portico serves', (database) => {
  let dev: FastifyInstance;
  let production: FastifyInstance;
  let pages: string[];

  before(async () => {
    dev = await testApp(database(), { demo: true, mailbox });
    production = await testApp(database(), { demo: false });
    const variant = await database()
      .db.selectFrom('plan_variants')
      .where('tenant_id', '=', 'demo')
      .where('allow_signup', '=', true)
      .select('id')
      .executeTakeFirstOrThrow();
    const own = encodeURIComponent('http://localhost:8080');
    pages = [
      `/demo/signup/${variant.id}`,
      `/demo/signup/${variant.id}?embed=1&parent=${own}`,
      '/demo/portal',
      `/demo/portal?embed=1&parent=${own}`,
      '/nobody/portal',
      `/demo/payments/sandbox/card-frame?origin=${own}`,
    ];
  });
  after(async () => {
    await dev.close();
    await production.close();
  });

  function checkPolicy(url: string, policy: unknown, body: string) {
    const policyOf = directives(policy);
    const scripts = policyOf.get('script-src');
    assert.ok(scripts, `${url}: script-src`);
    assert.ok(!scripts.includes("'unsafe-inline'"), `${url}: no 'unsafe-inline' for scripts`);
    assert.ok(!scripts.includes("'unsafe-eval'"), `${url}: no 'unsafe-eval'`);
    assert.ok(!scripts.some((source) => /\*|^https?:$|^data:$/.test(source)), `${url}: no wildcard source`);
    assert.deepEqual(policyOf.get('object-src'), ["'none'"], `${url}: object-src 'none'`);
    assert.deepEqual(policyOf.get('base-uri'), ["'none'"], `${url}: base-uri 'none'`);
    // Every inline script of the page carries the policy's nonce; the nonce is nowhere else in the page.
    const nonces = scripts.filter((source) => source.startsWith("'nonce-")).map((source) => source.slice(7, -1));
    for (const script of body.matchAll(/<script\b([^>]*)>/g)) {
      const attributes = script[1]!;
      if (/\bsrc=/.test(attributes)) continue;
      const nonce = /\bnonce="([^"]+)"/.exec(attributes)?.[1];
      assert.ok(nonce && nonces.includes(nonce), `${url}: an inline script without the policy's nonce`);
    }
  }

  it('every hosted page, the card frame, the demo site and the mailbox forbid inline script and plugins', async () => {
    for (const url of [
      ...pages,
      '/demo-site/index.html',
      '/demo-site/playground.html',
      '/dev/mailbox',
      '/dev/mailbox/1',
    ]) {
      const page = await dev.inject(url);
      assert.match(String(page.headers['content-type']), /^text\/html/, url);
      checkPolicy(url, page.headers['content-security-policy'], page.body);
    }
    for (const url of pages) {
      const page = await production.inject(url);
      checkPolicy(url, page.headers['content-security-policy'], page.body);
    }
  });

  it('the inline scripts (embed bridge, card frame) run by a nonce that is fresh in every answer', async () => {
    for (const url of pages.filter((page) => /embed=1|card-frame/.test(page))) {
      const first = await dev.inject(url);
      const second = await dev.inject(url);
      const nonce = (page: typeof first) => /<script[^>]*\bnonce="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(nonce(first), `${url}: its inline script has a nonce`);
      // Not a RegExp: a base64 nonce may hold `+`.
      assert.ok(String(first.headers['content-security-policy']).includes(`'nonce-${nonce(first)}'`), url);
      assert.notEqual(nonce(first), nonce(second), url);
      assert.ok(Buffer.from(nonce(first)!, 'base64').length >= 16, `${url}: 128 bits`);
    }
  });

  it('sends Content-Security-Policy-Report-Only in development (the demo on) only', async () => {
    for (const url of [...pages, '/demo-site/index.html', '/dev/mailbox']) {
      const report = directives((await dev.inject(url)).headers['content-security-policy-report-only']);
      assert.deepEqual(report.get('default-src'), ["'self'"], url);
      assert.ok(!report.get('script-src')?.includes("'unsafe-inline'"), url);
    }
    for (const url of pages) {
      assert.equal((await production.inject(url)).headers['content-security-policy-report-only'], undefined, url);
    }
  });
});
