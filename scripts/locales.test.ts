// Every message the elements send through msg() must be translated in every locale, with the same
// placeholders, and the generated locale modules must be up to date with locales/*.xlf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';

const root = path.resolve(import.meta.dirname, '..');
const config = readConfigFileAndWriteSchema(path.join(root, 'lit-localize.json'));
if (config.output.mode !== 'runtime') throw new Error('lit-localize.json: output.mode must be "runtime"');
const localizer = new RuntimeLitLocalizer({ ...config, output: config.output });
const { messages, errors } = localizer.extractSourceMessages();
const { translations } = localizer.readTranslationsSync();

test('every msg() call can be extracted', () => {
  assert.deepEqual(
    errors.map((error) => String(error.messageText)),
    [],
  );
  assert.ok(messages.length > 100, `only ${messages.length} messages found`);
});

for (const locale of config.targetLocales) {
  test(`locales/${locale}.xlf translates every message`, () => {
    const translated = new Map((translations.get(locale) ?? []).map((message) => [message.name, message]));
    const missing = messages
      .filter((message) => !translated.has(message.name))
      .map(
        (message) =>
          `${message.name} "${message.contents.map((part) => (typeof part === 'string' ? part : '{…}')).join('')}" (${path.relative(root, message.file.fileName)})`,
      );
    assert.deepEqual(
      missing,
      [],
      `${locale} misses ${missing.length} messages; run npx lit-localize extract and fill in their <target>s`,
    );
    for (const message of messages) {
      const target = translated.get(message.name)!;
      const text = target.contents.map((part) => (typeof part === 'string' ? part : '')).join('');
      assert.ok(text.trim() !== '' || target.contents.length > 0, `${locale} ${message.name} is empty`);
    }
  });

  test(`the generated ${locale} module is up to date (npx lit-localize build)`, () => {
    const file = path.join(root, 'packages/elements/src/i18n/generated/locales', `${locale}.js`);
    assert.ok(existsSync(file), `${path.relative(root, file)} is missing`);
    const generated = readFileSync(file, 'utf8');
    const stale = messages.filter(
      (message) =>
        !generated.includes(`'${message.name}'`) &&
        !generated.includes(`"${message.name}"`) &&
        !generated.includes(`${message.name}:`),
    );
    assert.deepEqual(
      stale.map((message) => message.name),
      [],
      `${locale}.js lacks messages; run npx lit-localize build`,
    );
  });
}

test('placeholders in the translations match the source', () => {
  assert.deepEqual(localizer.validateTranslations().errors, []);
});

test('the required languages are there, Arabic (right to left) among them', () => {
  for (const locale of ['de', 'ar']) assert.ok((config.targetLocales as readonly string[]).includes(locale), locale);
});
