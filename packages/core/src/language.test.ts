import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptLanguageFirst,
  canonicalLanguageTag,
  firstLanguageTag,
  isLanguageTag,
  LANGUAGE_TAG_PATTERN,
  MAX_LANGUAGE_TAG_LENGTH,
} from './language.ts';

/** Shaped like a tag (the pattern alone accepts it) but 40 characters long. */
const TOO_LONG_TAG = 'de-DE-abcdefgh-abcdefgh-abcdefgh-abcdefg';

describe('language tags', () => {
  it('accepts language, script, region and variants in any case', () => {
    for (const tag of ['de', 'en-GB', 'sr-Latn', 'zh-Hant-TW', 'es-419', 'de-CH-1996', 'fil', 'EN-gb']) {
      assert.equal(isLanguageTag(tag), true, tag);
    }
  });

  it('refuses paths, underscores, extensions, empty and overlong tags', () => {
    assert.equal(TOO_LONG_TAG.length, 40);
    assert.match(TOO_LONG_TAG, new RegExp(LANGUAGE_TAG_PATTERN), 'only its length is wrong');
    const refused = [
      '../x',
      'de_DE',
      TOO_LONG_TAG,
      '',
      ' de',
      'd',
      'deutsch',
      'de-',
      'en-US-u-ca-gregory',
      'x-klingon',
    ];
    for (const tag of [...refused, 42, null, undefined]) assert.equal(isLanguageTag(tag), false, String(tag));
    assert.equal(isLanguageTag('a'.repeat(2) + '-abcdefgh'.repeat(3)), true);
    assert.ok(MAX_LANGUAGE_TAG_LENGTH < TOO_LONG_TAG.length);
  });

  it('canonicalises what it accepts and nothing else', () => {
    assert.equal(canonicalLanguageTag(' EN-gb '), 'en-GB');
    assert.equal(canonicalLanguageTag('zh-hant-tw'), 'zh-Hant-TW');
    assert.equal(canonicalLanguageTag('sr-latn'), 'sr-Latn');
    assert.equal(canonicalLanguageTag('iw'), 'he');
    assert.equal(canonicalLanguageTag('de-1901-1901'), 'de-1901-1901', 'a tag Intl refuses stays as it is');
    for (const tag of ['../x', 'de_DE', TOO_LONG_TAG, '', null, undefined]) {
      assert.equal(canonicalLanguageTag(tag), null, String(tag));
    }
  });

  it('answers the same from what it keeps, and past the number of tags it keeps', () => {
    for (let round = 0; round < 2; round += 1) {
      assert.equal(canonicalLanguageTag('EN-gb'), 'en-GB');
      assert.equal(canonicalLanguageTag('de-1901-1901'), 'de-1901-1901');
      assert.equal(canonicalLanguageTag('de_DE'), null);
    }
    // More distinct tags than are kept (1,000): each still canonicalised, the ones kept and the others alike.
    for (let i = 0; i < 1500; i += 1) {
      const tag = `DE-${String(i).padStart(3, '0')}`;
      assert.equal(canonicalLanguageTag(tag), Intl.getCanonicalLocales(tag)[0]);
    }
    assert.equal(canonicalLanguageTag('FR-ca'), 'fr-CA');
  });

  it('takes the first valid candidate in order, reporting the invalid ones it passes', () => {
    const skipped: string[] = [];
    assert.equal(
      firstLanguageTag(['', null, 'de_DE', undefined, 'fr-ca', 'de'], (c) => skipped.push(c)),
      'fr-CA',
    );
    assert.deepEqual(skipped, ['de_DE']);
    assert.equal(firstLanguageTag(['../x', '  ']), null);
  });

  it('reads the first language of an Accept-Language header', () => {
    assert.equal(acceptLanguageFirst('de-CH, de;q=0.9, en;q=0.5'), 'de-CH');
    assert.equal(acceptLanguageFirst('fr;q=0.8'), 'fr');
    assert.equal(acceptLanguageFirst(''), null);
    assert.equal(acceptLanguageFirst(undefined), null);
  });
});
