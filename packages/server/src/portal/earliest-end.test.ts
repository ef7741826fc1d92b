import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, earliestEndDate } from './earliest-end.ts';

const base = {
  today: '2026-11-23',
  status: 'active' as const,
  endDate: null,
  currentPeriodStart: '2026-11-01',
  currentPeriodEnd: '2026-11-30',
  billingPeriodMonths: 1,
  noticePeriodDays: 0,
  minimumTermEnd: null,
};

describe('earliest possible end date', () => {
  it('is the end of the current period when the notice period ends within it', () => {
    assert.equal(earliestEndDate({ ...base, noticePeriodDays: 7 }), '2026-11-30');
  });

  it('is the end of the period in which the notice period ends', () => {
    assert.equal(earliestEndDate({ ...base, noticePeriodDays: 14 }), '2026-12-31');
    assert.equal(earliestEndDate({ ...base, noticePeriodDays: 60 }), '2027-01-31');
    assert.equal(
      earliestEndDate({
        ...base,
        currentPeriodStart: '2026-06-01',
        currentPeriodEnd: '2027-05-31',
        billingPeriodMonths: 12,
        noticePeriodDays: 30,
      }),
      '2027-05-31',
    );
  });

  it('is never before the end of the minimum term', () => {
    assert.equal(earliestEndDate({ ...base, noticePeriodDays: 14, minimumTermEnd: '2027-03-31' }), '2027-03-31');
    assert.equal(earliestEndDate({ ...base, minimumTermEnd: '2026-10-31' }), '2026-11-30');
  });

  it('is the end date of an ending contract and none for an ended one', () => {
    assert.equal(earliestEndDate({ ...base, status: 'ending', endDate: '2026-11-30' }), '2026-11-30');
    assert.equal(earliestEndDate({ ...base, status: 'ended', endDate: '2026-10-31' }), null);
  });

  it('adds months clamping to the end of shorter months', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-11-15', 14), '2028-01-15');
  });
});
