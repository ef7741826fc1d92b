import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { requestLanguage } from '../i18n-api/catalog-text.ts';
import { publicStringOverrides } from '../i18n-api/string-overrides.ts';
import { embedBridgeScript } from '../pages/embed-bridge.ts';
import { signupFixture, type SignupFixture } from '../testing/signup.ts';

/**
 * One language-tag rule (`@portico/core`'s `isLanguageTag`) wherever a language arrives from outside: each place
 * below accepts the same tags and refuses the same tags.
 */
const ACCEPTED = ['zh-Hant-TW', 'sr-Latn', 'de', 'en-GB'];
const TOO_LONG = 'de-DE-abcdefgh-abcdefgh-abcdefgh-abcdefg';
const REFUSED = ['../x', 'de_DE', TOO_LONG];

describe('language tags: one rule without a database', () => {
  it('has a 40-character tag among the refused ones', () => assert.equal(TOO_LONG.length, 40));

  it("requestLanguage: ?language= and Accept-Language (the portal's catalog texts)", () => {
    const request = (query: Record<string, string>, headers: Record<string, string> = {}) =>
      ({ query, headers }) as unknown as FastifyRequest;
    for (const tag of ACCEPTED) {
      assert.equal(requestLanguage(request({ language: tag }), 'fr'), tag, `?language=${tag}`);
      assert.equal(requestLanguage(request({}, { 'accept-language': `${tag}, fr;q=0.5` }), 'fr'), tag, tag);
    }
    for (const tag of REFUSED) {
      assert.equal(requestLanguage(request({ language: tag }), 'fr'), 'fr', `?language=${tag}`);
      assert.equal(requestLanguage(request({}, { 'accept-language': tag }), 'fr'), 'fr', tag);
    }
  });

  it("a tenant's string overrides keep the languages the rule accepts", () => {
    const setting = Object.fromEntries([...ACCEPTED, ...REFUSED].map((tag) => [tag, { 'Your details': tag }]));
    assert.deepEqual(Object.keys(publicStringOverrides(setting)).sort(), [...ACCEPTED].sort());
  });

  it("the embed bridge's set-language", () => {
    const parentOrigin = 'https://shop.example';
    const applied = (language: string) => {
      const listeners: Record<string, (event: unknown) => void> = {};
      const parent = { postMessage: () => undefined };
      const html = { lang: 'en' };
      const window = { parent, addEventListener: (type: string, listener: () => void) => (listeners[type] = listener) };
      const location = { href: 'https://portico.example/demo/signup/x' };
      const history = {
        state: null,
        replaceState: (_state: unknown, _title: string, url: URL) => (location.href = String(url)),
      };
      const document = {
        documentElement: html,
        body: { getBoundingClientRect: () => ({ height: 100 }) },
        addEventListener: () => undefined,
        querySelector: () => null,
      };
      runInNewContext(embedBridgeScript(parentOrigin, 'portico-signup'), {
        window,
        document,
        location,
        history,
        URL,
        ResizeObserver: class {
          observe() {}
        },
        customElements: { whenDefined: () => new Promise(() => undefined) },
        console: { warn: () => undefined },
      });
      listeners.message!({
        origin: parentOrigin,
        source: parent,
        data: { portico: 1, type: 'set-language', language },
      });
      return html.lang === language;
    };
    for (const tag of ACCEPTED) assert.equal(applied(tag), true, tag);
    for (const tag of REFUSED) assert.equal(applied(tag), false, tag);
  });
});

describeEachDatabase('language tags: one rule in the APIs', (database) => {
  let f: SignupFixture;
  let contractId: string;
  before(async () => {
    f = await signupFixture(database());
    const contract = await database()
      .db.selectFrom('contracts')
      .where('tenant_id', '=', 'demo')
      .select('id')
      .executeTakeFirstOrThrow();
    contractId = contract.id;
  });
  after(() => f.app.close());

  it("the signup's body language (preview and order)", async () => {
    const preview = (language: string) =>
      f.app.inject({
        method: 'POST',
        url: '/api/signup/demo/preview',
        payload: { planVariantId: f.business, components: {}, customer: {}, language },
      });
    for (const tag of ACCEPTED) assert.equal((await preview(tag)).statusCode, 200, tag);
    for (const tag of REFUSED) {
      const response = await preview(tag);
      assert.equal(response.statusCode, 400, tag);
      assert.ok(response.json().error.fields.language, tag);
    }
  });

  it("a portal link's language (merchant API, e-mails, the portal's link request)", async () => {
    for (const tag of ACCEPTED) {
      const link = await createSelfServiceLink(database().db, { tenantId: 'demo', contractId, language: tag });
      assert.ok(link.url.includes(`?language=${encodeURIComponent(tag)}#`), link.url);
    }
    for (const tag of REFUSED) {
      await assert.rejects(createSelfServiceLink(database().db, { tenantId: 'demo', contractId, language: tag }), {
        code: 'invalid_language',
      });
    }
  });

  it("the i18n API's path", async () => {
    const messages = (tag: string) => f.app.inject(`/api/i18n/${encodeURIComponent(tag)}/messages`);
    for (const tag of ACCEPTED) {
      const response = await messages(tag);
      // A tag the rule accepts is looked up: German has translations; the others have none (404).
      assert.ok([200, 404].includes(response.statusCode), `${tag}: ${response.statusCode}`);
      if (response.statusCode === 404) assert.equal(response.json().error.code, 'unknown_locale', tag);
    }
    for (const tag of REFUSED) {
      const response = await messages(tag);
      assert.equal(response.statusCode, 400, tag);
      assert.equal(response.json().error.code, 'invalid_locale', tag);
    }
  });
});
