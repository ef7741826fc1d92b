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

  it('bill a running contract the day after its current period, an ending or ended one not at all', () => {
    for (const status of ['active', 'trial']) {
      assert.equal(nextBillingDate({ status, currentPeriodEnd: '2026-12-31' }), '2027-01-01', status);
    }
    for (const status of ['ending', 'ended']) {
      assert.equal(nextBillingDate({ status, currentPeriodEnd: '2026-12-31' }), null, status);
    }
  });

  it('count whole days across clock changes', () => {
    assert.equal(addDays('2026-03-28', 2), '2026-03-30');
    assert.equal(addDays('2026-10-24', 2), '2026-10-26');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(ymd(new Date('2026-12-31T23:59:59Z')), '2026-12-31');
  });
});
