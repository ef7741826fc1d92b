import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideCancellation, decideWithdrawal } from './cancellation.ts';
import type { ContractTerms } from './terms.ts';

const running: ContractTerms = {
  status: 'active',
  endDate: null,
  trialEnd: null,
  currentPeriodStart: '2026-11-01',
  currentPeriodEnd: '2026-11-30',
  billingPeriodMonths: 1,
  noticePeriodDays: 14,
  minimumTermEnd: null,
};
const today = '2026-11-23';
const ending: ContractTerms = { ...running, status: 'ending', endDate: '2026-12-31' };

describe('cancellation', () => {
  it('ends a running contract on the earliest possible end date unless a later one is named', () => {
    assert.deepEqual(decideCancellation(running, undefined, today), { ok: true, cancel: true, endDate: '2026-12-31' });
    assert.deepEqual(decideCancellation(running, '2027-03-15', today), {
      ok: true,
      cancel: true,
      endDate: '2027-03-15',
    });
    assert.deepEqual(decideCancellation({ ...running, status: 'trial', trialEnd: '2026-11-30' }, undefined, today), {
      ok: true,
      cancel: true,
      endDate: '2026-12-31',
    });
  });

  it('refuses an end date before the earliest possible one, naming that date', () => {
    assert.deepEqual(decideCancellation(running, '2026-12-30', today), {
      ok: false,
      reason: 'before_earliest_end',
      earliestEndDate: '2026-12-31',
    });
  });

  it('changes nothing when cancelled again to the same or no date, and refuses another date', () => {
    assert.deepEqual(decideCancellation(ending, undefined, today), { ok: true, cancel: false });
    assert.deepEqual(decideCancellation(ending, '2026-12-31', today), { ok: true, cancel: false });
    assert.deepEqual(decideCancellation(ending, '2027-01-31', today), {
      ok: false,
      reason: 'already_cancelled',
      endDate: '2026-12-31',
    });
  });

  it('refuses an ended contract', () => {
    assert.deepEqual(decideCancellation({ ...running, status: 'ended', endDate: '2026-10-31' }, undefined, today), {
      ok: false,
      reason: 'contract_ended',
    });
  });
});

describe('withdrawal of a cancellation', () => {
  it('lets the contract run on until the end date has passed', () => {
    assert.deepEqual(decideWithdrawal(ending, today), { ok: true, status: 'active' });
    assert.deepEqual(decideWithdrawal(ending, '2026-12-31'), { ok: true, status: 'active' }, 'on the last day');
    assert.deepEqual(decideWithdrawal(ending, '2027-01-01'), { ok: false, reason: 'cancellation_in_effect' });
  });

  it('keeps a trial a trial while it lasts', () => {
    const trial = { ...ending, trialEnd: '2026-11-30' };
    assert.deepEqual(decideWithdrawal(trial, '2026-11-30'), { ok: true, status: 'trial' });
    assert.deepEqual(decideWithdrawal(trial, '2026-12-01'), { ok: true, status: 'active' });
  });

  it('has nothing to withdraw from a contract that is not cancelled', () => {
    for (const terms of [running, { ...running, status: 'ended' as const }, { ...ending, endDate: null }]) {
      assert.deepEqual(decideWithdrawal(terms, today), { ok: false, reason: 'not_cancelled' });
    }
  });
});
