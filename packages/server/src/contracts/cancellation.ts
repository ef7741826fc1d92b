import { earliestEndDate } from './earliest-end.ts';
import type { ContractTerms } from './terms.ts';

/**
 * Cancellation in due time and its withdrawal. The rules decide; they name a refusal by a reason code and leave
 * the words (and the HTTP status) to the caller, so that the API, the elements and the documents can each say it
 * in their own language.
 */

/** Why a cancellation is refused. */
export type CancellationRefusal =
  /** The contract has ended already. */
  | { ok: false; reason: 'contract_ended' }
  /** It is cancelled already, to another date (`endDate`). */
  | { ok: false; reason: 'already_cancelled'; endDate: string | null }
  /** The requested end date lies before the earliest possible one (`earliestEndDate`). */
  | { ok: false; reason: 'before_earliest_end'; earliestEndDate: string };

export type CancellationDecision =
  /** Cancel: the contract ends on `endDate`. */
  | { ok: true; cancel: true; endDate: string }
  /** It is cancelled to this date already: cancelling twice changes nothing. */
  | { ok: true; cancel: false }
  | CancellationRefusal;

/**
 * Cancelling a contract `today`, to `requestedEndDate` or (when none is named) to the earliest possible end date
 * ({@link earliestEndDate}).
 */
export function decideCancellation(
  contract: ContractTerms,
  requestedEndDate: string | undefined,
  today: string,
): CancellationDecision {
  if (contract.status === 'ended') return { ok: false, reason: 'contract_ended' };
  if (contract.status === 'ending') {
    if (requestedEndDate === undefined || requestedEndDate === contract.endDate) return { ok: true, cancel: false };
    return { ok: false, reason: 'already_cancelled', endDate: contract.endDate };
  }
  const earliest = earliestEndDate({ ...contract, today })!;
  const endDate = requestedEndDate ?? earliest;
  if (endDate < earliest) return { ok: false, reason: 'before_earliest_end', earliestEndDate: earliest };
  return { ok: true, cancel: true, endDate };
}

export type WithdrawalDecision =
  /** Withdraw: the contract runs on with `status` (a trial that has not ended yet stays a trial). */
  | { ok: true; status: 'trial' | 'active' }
  /** There is no cancellation in place. */
  | { ok: false; reason: 'not_cancelled' }
  /** The cancellation has taken effect (its end date has passed). */
  | { ok: false; reason: 'cancellation_in_effect' };

/** Withdrawing a contract's cancellation `today`: possible until its end date has passed. */
export function decideWithdrawal(contract: ContractTerms, today: string): WithdrawalDecision {
  if (contract.status !== 'ending' || !contract.endDate) return { ok: false, reason: 'not_cancelled' };
  if (contract.endDate < today) return { ok: false, reason: 'cancellation_in_effect' };
  return { ok: true, status: contract.trialEnd && contract.trialEnd >= today ? 'trial' : 'active' };
}
