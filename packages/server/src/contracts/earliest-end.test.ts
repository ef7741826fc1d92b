import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, isDate, todayIn } from './dates.ts';
import { earliestEndDate } from './earliest-end.ts';

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

describe('earliest possible end date, table', () => {
  const cases: { name: string; input: Partial<Parameters<typeof earliestEndDate>[0]>; expected: string }[] = [
    {
      name: 'month end: notice lands on the last day',
      input: { today: '2026-11-16', noticePeriodDays: 14 },
      expected: '2026-11-30',
    },
    {
      name: 'month end: notice one day past it',
      input: { today: '2026-11-17', noticePeriodDays: 14 },
      expected: '2026-12-31',
    },
    {
      name: 'month end: 31 Jan + 1 day into February',
      input: {
        today: '2027-01-31',
        currentPeriodStart: '2027-01-01',
        currentPeriodEnd: '2027-01-31',
        noticePeriodDays: 1,
      },
      expected: '2027-02-28',
    },
    {
      name: 'leap year: February ends on the 29th',
      input: {
        today: '2028-01-31',
        currentPeriodStart: '2028-01-01',
        currentPeriodEnd: '2028-01-31',
        noticePeriodDays: 1,
      },
      expected: '2028-02-29',
    },
    {
      name: 'leap year: period starting on the 29th of February',
      input: {
        today: '2028-03-01',
        currentPeriodStart: '2028-02-29',
        currentPeriodEnd: '2028-03-28',
        noticePeriodDays: 30,
      },
      expected: '2028-04-28',
    },
    {
      name: 'yearly term: notice within the year',
      input: {
        today: '2026-11-23',
        currentPeriodStart: '2026-01-01',
        currentPeriodEnd: '2026-12-31',
        billingPeriodMonths: 12,
        noticePeriodDays: 30,
      },
      expected: '2026-12-31',
    },
    {
      name: 'yearly term: notice past the year rolls a whole year',
      input: {
        today: '2026-12-15',
        currentPeriodStart: '2026-01-01',
        currentPeriodEnd: '2026-12-31',
        billingPeriodMonths: 12,
        noticePeriodDays: 30,
      },
      expected: '2027-12-31',
    },
    {
      name: 'yearly term in a leap year from 29 Feb',
      input: {
        today: '2028-12-01',
        currentPeriodStart: '2028-02-29',
        currentPeriodEnd: '2029-02-27',
        billingPeriodMonths: 12,
        noticePeriodDays: 90,
      },
      expected: '2030-02-27',
    },
    {
      name: 'quarterly with minimum term later',
      input: {
        today: '2026-11-23',
        billingPeriodMonths: 3,
        currentPeriodEnd: '2027-01-31',
        minimumTermEnd: '2027-10-31',
      },
      expected: '2027-10-31',
    },
    {
      name: 'minimum term already over',
      input: { minimumTermEnd: '2025-12-31', noticePeriodDays: 40 },
      expected: '2027-01-31',
    },
  ];
  for (const { name, input, expected } of cases) {
    it(name, () => assert.equal(earliestEndDate({ ...base, ...input }), expected));
  }
});

describe("today in the tenant's time zone", () => {
  const cases: { zone: string; instant: string; expected: string }[] = [
    { zone: 'Europe/Berlin', instant: '2027-01-31T23:30:00Z', expected: '2027-02-01' },
    { zone: 'UTC', instant: '2027-01-31T23:30:00Z', expected: '2027-01-31' },
    { zone: 'America/New_York', instant: '2027-03-01T03:00:00Z', expected: '2027-02-28' },
    { zone: 'Pacific/Auckland', instant: '2028-02-28T12:00:00Z', expected: '2028-02-29' },
    { zone: 'Pacific/Kiritimati', instant: '2026-12-31T10:30:00Z', expected: '2027-01-01' },
  ];
  for (const { zone, instant, expected } of cases) {
    it(`${instant} is ${expected} in ${zone}`, () => assert.equal(todayIn(zone, new Date(instant)), expected));
  }

  it("changes the earliest end date when the tenant's day is already the next month", () => {
    const input = { ...base, currentPeriodStart: '2027-01-01', currentPeriodEnd: '2027-01-31' };
    const now = new Date('2027-01-31T23:30:00Z');
    assert.equal(earliestEndDate({ ...input, today: todayIn('UTC', now) }), '2027-01-31');
    assert.equal(earliestEndDate({ ...input, today: todayIn('Europe/Berlin', now) }), '2027-02-28');
  });

  it('accepts only real calendar dates', () => {
    for (const good of ['2028-02-29', '2026-12-31']) assert.equal(isDate(good), true, good);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '', 20261201, null])
      assert.equal(isDate(bad), false, String(bad));
  });
});
