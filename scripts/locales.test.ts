// Every message sent through msg() must be translated in every locale, with the same placeholders, and the
// generated locale modules must be up to date with the XLIFF files. Two catalogs share this toolchain:
// lit-localize.json (the elements, locales/*.xlf) and lit-localize.documents.json (the server's e-mails and PDFs,
// locales/documents/*.xlf, whose placeholders are `{Name}` in plain text).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';
import { localePartModules } from './locale-parts.ts';

const root = path.resolve(import.meta.dirname, '..');

type Contents = ReadonlyArray<string | object>;
const text = (contents: Contents) => contents.map((part) => (typeof part === 'string' ? part : '')).join('');
/** The `{Name}` placeholders of a message's plain text, sorted. */
const braceNames = (contents: Contents) => [...text(contents).matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).sort();

function checkCatalog(configFile: string, minimumMessages: number): void {
  const config = readConfigFileAndWriteSchema(path.join(root, configFile));
  if (config.output.mode !== 'runtime') throw new Error(`${configFile}: output.mode must be "runtime"`);
  const output = config.output;
  const localizer = new RuntimeLitLocalizer({ ...config, output });
  const { messages, errors } = localizer.extractSourceMessages();
  const { translations } = localizer.readTranslationsSync();
  const extension = output.language ?? (config.tsConfig ? 'ts' : 'js');
  const xliffDir = config.interchange.format === 'xliff' ? config.interchange.xliffDir : '?';

  describe(configFile, () => {
    test('every msg() call can be extracted', () => {
      assert.deepEqual(
        errors.map((error) => String(error.messageText)),
        [],
      );
      assert.ok(messages.length >= minimumMessages, `only ${messages.length} messages found`);
    });

    for (const locale of config.targetLocales) {
      test(`${xliffDir}/${locale}.xlf translates every message`, () => {
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
          `${locale} misses ${missing.length} messages; run npx lit-localize --config ${configFile} extract and fill in their <target>s`,
        );
        for (const message of messages) {
          const target = translated.get(message.name)!;
          assert.ok(
            text(target.contents).trim() !== '' || target.contents.length > 0,
            `${locale} ${message.name} is empty`,
          );
        }
      });

      test(`${xliffDir}/${locale}.xlf keeps exactly the {Placeholder} names of each source`, () => {
        const translated = new Map((translations.get(locale) ?? []).map((message) => [message.name, message]));
        const wrong = messages
          .filter((message) => translated.has(message.name))
          .filter(
            (message) =>
              braceNames(message.contents).join() !== braceNames(translated.get(message.name)!.contents).join(),
          )
          .map(
            (message) =>
              `${message.name}: ${braceNames(translated.get(message.name)!.contents).join()} ≠ ${braceNames(message.contents).join()}`,
          );
        assert.deepEqual(wrong, [], `${locale}: placeholders differ from the source`);
      });

      test(`the generated ${locale} module is up to date (npx lit-localize --config ${configFile} build)`, () => {
        const file = path.join(config.resolve(output.outputDir), `${locale}.${extension}`);
        assert.ok(existsSync(file), `${path.relative(root, file)} is missing`);
        const generated = readFileSync(file, 'utf8');
        const translated = new Map((translations.get(locale) ?? []).map((message) => [message.name, message]));
        const stale = messages.filter((message) => {
          if (
            !generated.includes(`'${message.name}'`) &&
            !generated.includes(`"${message.name}"`) &&
            !generated.includes(`${message.name}:`)
          ) {
            return true;
          }
          // Plain-text messages appear verbatim: a changed translation without a rebuild is caught too.
          const target = translated.get(message.name);
          const plain = target?.contents.every((part) => typeof part === 'string');
          return (
            plain && !generated.includes(text(target!.contents).replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${'))
          );
        });
        assert.deepEqual(
          stale.map((message) => message.name),
          [],
          `${locale}.${extension} lacks messages; run npx lit-localize --config ${configFile} build`,
        );
      });
    }

    test('placeholders in the translations match the source', () => {
      assert.deepEqual(localizer.validateTranslations().errors, []);
    });
  });
}

checkCatalog('lit-localize.json', 100);

test("each page element's translation modules are up to date (npm run locale-parts)", () => {
  const stale = [...localePartModules()]
    .filter(
      ([file, text]) => !existsSync(path.join(root, file)) || readFileSync(path.join(root, file), 'utf8') !== text,
    )
    .map(([file]) => file);
  assert.deepEqual(stale, [], 'run npm run locale-parts');
});
checkCatalog('lit-localize.documents.json', 50);

test('the required languages are there, Arabic (right to left) among them', () => {
  const required = ['ar', 'cs', 'de', 'es', 'fr', 'it', 'lt', 'nl', 'pl', 'pt', 'sv'];
  for (const file of ['lit-localize.json', 'lit-localize.documents.json']) {
    const config = readConfigFileAndWriteSchema(path.join(root, file));
    const missing = required.filter((locale) => !(config.targetLocales as readonly string[]).includes(locale));
    assert.deepEqual(missing, [], `${file} lacks required languages`);
  }
});

test('e-mails and PDFs are translated into every language of the elements', () => {
  const elements = readConfigFileAndWriteSchema(path.join(root, 'lit-localize.json')).targetLocales;
  const documents = readConfigFileAndWriteSchema(path.join(root, 'lit-localize.documents.json')).targetLocales;
  assert.deepEqual(
    elements.filter((locale) => !documents.includes(locale)),
    [],
    'add these locales to lit-localize.documents.json and translate locales/documents/<locale>.xlf',
  );
});
