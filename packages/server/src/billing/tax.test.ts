import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths } from '../contracts/dates.ts';
import { periodEnd } from '../contracts/periods.ts';
import { decideTax, taxOf, vatIdCountry } from './tax.ts';

describe('tax by country', () => {
  it('recognises VAT ID formats of member states, Greece as EL', () => {
    assert.equal(vatIdCountry('DE811907980'), 'DE');
    assert.equal(vatIdCountry('nl 1234 56789 B01'), 'NL');
    assert.equal(vatIdCountry('EL123456789'), 'GR');
    assert.equal(vatIdCountry('ATU12345678'), 'AT');
    assert.equal(vatIdCountry('DE12345'), null);
    assert.equal(vatIdCountry('US123456789'), null);
  });

  it('decides rate and reverse charge for a German merchant', () => {
    const de = (customerCountry: string | null, vatId: string | null = null) =>
      decideTax({ tenantCountry: 'DE', customerCountry, vatId });
    assert.deepEqual(de('DE'), { rateBasisPoints: 1900, reverseCharge: false });
    assert.deepEqual(de('DE', 'DE811907980'), { rateBasisPoints: 1900, reverseCharge: false });
    assert.deepEqual(de(null), { rateBasisPoints: 1900, reverseCharge: false });
    assert.deepEqual(de('AT'), { rateBasisPoints: 2000, reverseCharge: false });
    assert.deepEqual(de('AT', 'ATU12345678'), { rateBasisPoints: 0, reverseCharge: true });
    assert.deepEqual(de('AT', 'NL123456789B01'), { rateBasisPoints: 2000, reverseCharge: false });
    assert.deepEqual(de('GR', 'EL123456789'), { rateBasisPoints: 0, reverseCharge: true });
    assert.deepEqual(de('CH', 'CHE123456789'), { rateBasisPoints: 0, reverseCharge: false });
  });

  it('rounds tax half away from zero, also for credits', () => {
    assert.equal(taxOf(14670, 1900), 2787);
    assert.equal(taxOf(50, 1900), 10);
    assert.equal(taxOf(-50, 1900), -10);
  });

  it('adds months clamping the day, and ends periods the day before', () => {
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(periodEnd('2024-01-15', 1), '2024-02-14');
    assert.equal(periodEnd('2024-03-01', 12), '2025-02-28');
  });
});
