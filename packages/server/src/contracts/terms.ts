import type { Contract, ContractStatus } from '../db/schema.ts';

/** What the contract rules read of a contract; dates are `YYYY-MM-DD`, period ends inclusive. */
export interface ContractTerms {
  status: ContractStatus;
  /** The day a cancelled contract ends, else null. */
  endDate: string | null;
  /** The last day of the trial, else null. */
  trialEnd: string | null;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  /** The plan variant's billing period. */
  billingPeriodMonths: number;
  noticePeriodDays: number;
  minimumTermEnd: string | null;
}

/** The terms of a contract row and its plan variant's billing period. */
export function contractTerms(
  row: Pick<
    Contract,
    | 'status'
    | 'end_date'
    | 'trial_end'
    | 'current_period_start'
    | 'current_period_end'
    | 'notice_period_days'
    | 'minimum_term_end'
  >,
  billingPeriodMonths: number,
): ContractTerms {
  return {
    status: row.status,
    endDate: row.end_date,
    trialEnd: row.trial_end,
    currentPeriodStart: row.current_period_start,
    currentPeriodEnd: row.current_period_end,
    billingPeriodMonths,
    noticePeriodDays: row.notice_period_days,
    minimumTermEnd: row.minimum_term_end,
  };
}
