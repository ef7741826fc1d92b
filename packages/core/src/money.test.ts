import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyDigits, formatMoney } from './money.ts';

describe('formatMoney', () => {
  it('formats cents with the locale and currency', () => {
    assert.equal(formatMoney(123456, 'EUR', 'de-DE'), '1.234,56\u00a0€');
    assert.equal(formatMoney(123456, 'EUR', 'en-GB'), '€1,234.56');
  });
  it('respects currencies without minor units', () => {
    assert.equal(currencyDigits('JPY'), 0);
    assert.equal(formatMoney(1500, 'JPY', 'en-US'), '¥1,500');
  });
});
