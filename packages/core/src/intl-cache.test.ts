import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateTimeFormat, displayNames, numberFormat, pluralRules } from './intl-cache.ts';

test('one formatter per kind, locales and options, reused', () => {
  assert.equal(numberFormat('de', { style: 'percent' }), numberFormat('de', { style: 'percent' }));
  assert.notEqual(numberFormat('de', { style: 'percent' }), numberFormat('de'));
  assert.notEqual(numberFormat('de'), numberFormat('fr'));
  assert.equal(displayNames(['de', 'en'], { type: 'region' }), displayNames(['de', 'en'], { type: 'region' }));
  assert.notEqual(displayNames(['de', 'en'], { type: 'region' }), displayNames(['de'], { type: 'region' }));
  assert.equal(numberFormat('de', { style: 'percent' }).format(0.19), '19\u00a0%');
  assert.equal(
    dateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 2)),
    'January 2, 2026',
  );
  assert.equal(pluralRules('pt-PT').select(0), 'other');
});

test('a tag Intl refuses throws every time (nothing is kept)', () => {
  assert.throws(() => numberFormat('not a tag!'), RangeError);
  assert.throws(() => numberFormat('not a tag!'), RangeError);
});
