import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../testing/app.ts';
import type { Database } from '../db/database.ts';
import type { LocaleMessagesResponse } from './routes.ts';
import { inlineText, parseXliff } from './xliff.ts';
import { openFreshPglite } from '../testing/databases.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('GET /api/i18n/:locale/messages', () => {
  let database: Database;
  let app: FastifyInstance;

  before(async () => {
    database = await openFreshPglite();
    app = await testApp(database);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('returns German messages with ids, English sources and German targets, placeholders as {n}', async () => {
    const response = await app.inject('/api/i18n/de/messages');
    assert.equal(response.statusCode, 200);
    const body = response.json<LocaleMessagesResponse>();
    assert.equal(body.locale, 'de');
    const units = parseXliff(await readFile(path.join(repoRoot, 'locales/de.xlf'), 'utf8'));
    assert.equal(body.messages.length, units.length);
    assert.ok(body.messages.length > 100);
    const atLeast = body.messages.find((m) => m.source === 'Please choose at least {0}.');
    assert.deepEqual(atLeast, {
      id: 'sc5ca4f42bdc179e8',
      source: 'Please choose at least {0}.',
      target: 'Bitte wählen Sie mindestens {0}.',
    });
    assert.ok(body.messages.every((m) => typeof m.target === 'string' && !m.source.includes('<x')));
  });

  it('returns English with the source texts and null targets', async () => {
    const response = await app.inject('/api/i18n/en/messages');
    assert.equal(response.statusCode, 200);
    const body = response.json<LocaleMessagesResponse>();
    assert.equal(body.locale, 'en');
    const german = (await app.inject('/api/i18n/de/messages')).json<LocaleMessagesResponse>();
    assert.deepEqual(
      body.messages,
      german.messages.map(({ id, source }) => ({ id, source, target: null })),
    );
  });

  it('answers 404 with the available languages for a language without translations', async () => {
    const response = await app.inject('/api/i18n/tlh/messages');
    assert.equal(response.statusCode, 404);
    const { error } = response.json<{ error: { code: string; message: string } }>();
    assert.equal(error.code, 'unknown_locale');
    assert.match(error.message, /no translations for "tlh"/);
    assert.match(error.message, /Available: en, .*de/);
  });

  it('refuses a locale that is not a language code, path traversal included', async () => {
    for (const locale of ['..%2F..%2Fpackage.json', '..', 'de.xlf', '%2Fetc%2Fpasswd', 'de%00']) {
      const response = await app.inject(`/api/i18n/${locale}/messages`);
      assert.ok([400, 404].includes(response.statusCode), `${locale}: ${response.statusCode}`);
      assert.doesNotMatch(response.body, /"name":|root:|trans-unit/);
      // A NUL byte is refused by the input rule every path segment passes first (http/input.ts).
      if (response.statusCode === 400)
        assert.equal(
          response.json<{ error: { code: string } }>().error.code,
          locale === 'de%00' ? 'invalid_request' : 'invalid_locale',
        );
    }
    const traversal = await app.inject('/api/i18n/..%2Flocales%2Fde/messages');
    assert.equal(traversal.statusCode, 400);
  });

  it('decodes entities and keeps placeholder indexes', () => {
    assert.equal(
      inlineText('A &amp; B &lt;<x id="1" equiv-text="${b}"/>&gt; <x id="0" equiv-text="${a}"/>'),
      'A & B <{1}> {0}',
    );
    assert.deepEqual(parseXliff('<trans-unit id="s1">\n  <source>Hi</source>\n</trans-unit>'), [
      { id: 's1', source: 'Hi', target: null },
    ]);
  });
});
