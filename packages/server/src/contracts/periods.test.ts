import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, ymd } from './dates.ts';
import { nextBillingDate, periodEnd } from './periods.ts';

describe('billing periods', () => {
  it('end the day before the same day of the month after the period', () => {
    assert.equal(periodEnd('2026-01-15', 1), '2026-02-14');
    assert.equal(periodEnd('2026-01-01', 1), '2026-01-31');
    assert.equal(periodEnd('2028-02-01', 1), '2028-02-29');
    assert.equal(
      periodEnd('2026-01-31', 1),
      '2026-02-27',
      '31 Jan + 1 month is 28 Feb; the period ends the day before',
    );
    assert.equal(periodEnd('2026-03-01', 12), '2027-02-28');
  });

  it('bill a running contract the day after its current period, an ended one not at all', () => {
    for (const status of ['active', 'trial']) {
      assert.equal(nextBillingDate({ status, currentPeriodEnd: '2026-12-31' }), '2027-01-01', status);
    }
    assert.equal(nextBillingDate({ status: 'ended', currentPeriodEnd: '2026-12-31', endDate: '2026-12-31' }), null);
  });

  it('bill an ending contract once more when it ends after its current period', () => {
    // A cancelled trial that ends with the next period: the days up to the end date are still billed.
    assert.equal(
      nextBillingDate({ status: 'ending', currentPeriodEnd: '2026-12-14', endDate: '2027-01-14' }),
      '2026-12-15',
    );
    assert.equal(
      nextBillingDate({ status: 'ending', currentPeriodEnd: '2026-12-14', endDate: '2026-12-15' }),
      '2026-12-15',
      'one more day is still billed',
    );
    // The period it ends in is billed already: nothing more.
    assert.equal(nextBillingDate({ status: 'ending', currentPeriodEnd: '2026-12-31', endDate: '2026-12-31' }), null);
    assert.equal(nextBillingDate({ status: 'ending', currentPeriodEnd: '2026-12-31', endDate: '2026-12-20' }), null);
    assert.equal(nextBillingDate({ status: 'ending', currentPeriodEnd: '2026-12-31' }), null, 'no end date known');
  });

  it('count whole days across clock changes', () => {
    assert.equal(addDays('2026-03-28', 2), '2026-03-30');
    assert.equal(addDays('2026-10-24', 2), '2026-10-26');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(ymd(new Date('2026-12-31T23:59:59Z')), '2026-12-31');
  });
});
