import type { ClaimStatus } from './claim-decisions';
import { type BusinessDate, addMonths, compareDates } from './dates';
import { type CompensationTiming, type EconomicTerms, programmeTerms } from './policy';

/** docs/domain.md §8.5: with ADVANCE a default opens its claim; with AFTER_RECOVERY it waits. */
export function claimOpensAtDefault(terms: Pick<EconomicTerms, 'compensationTiming'>): boolean {
  return programmeTerms(terms).compensationTiming === 'ADVANCE';
}

/**
 * The last day a bank may declare recovery finished: the same date two years after the default
 * report (29 Feb → 28 Feb). After it the claim opens by itself.
 */
export function recoveryCloseDeadline(defaultReportedOn: BusinessDate): BusinessDate {
  return addMonths(defaultReportedOn, 24);
}

/** True once `today` is past the deadline: the waiting claim opens without a declaration. */
export function recoveryCloseOverdue(
  defaultReportedOn: BusinessDate,
  today: BusinessDate,
): boolean {
  return compareDates(today, recoveryCloseDeadline(defaultReportedOn)) > 0;
}

/** What a loan knows of its wait for a recovery declaration. */
export interface RecoveryWait {
  readonly compensationTiming: CompensationTiming;
  readonly loanStatus: string;
  /** Undefined while no claim has been opened (or after a cure withdrew it). */
  readonly claimStatus: ClaimStatus | undefined;
}

/** Defaulted under AFTER_RECOVERY and no claim opened yet. */
export function awaitingRecoveryClose(wait: RecoveryWait): boolean {
  return (
    wait.compensationTiming === 'AFTER_RECOVERY' &&
    wait.loanStatus === 'DEFAULTED' &&
    wait.claimStatus === undefined
  );
}

/**
 * Why `POST /loans/{id}/recovery-closed` is refused: `NOT_AFTER_RECOVERY` (the loan's policy pays
 * in advance: invalid for this loan, 400) or `NOT_AWAITING_RECOVERY_CLOSE` (not defaulted, or its
 * claim is already open: a state conflict, 409).
 */
export function recoveryClosedProblem(
  wait: RecoveryWait,
): 'NOT_AFTER_RECOVERY' | 'NOT_AWAITING_RECOVERY_CLOSE' | undefined {
  if (wait.compensationTiming !== 'AFTER_RECOVERY') return 'NOT_AFTER_RECOVERY';
  if (!awaitingRecoveryClose(wait)) return 'NOT_AWAITING_RECOVERY_CLOSE';
  return undefined;
}

/**
 * docs/domain.md §4.6 with §8.5: a write-off needs a payout or a denial, and is refused while a loan
 * waits for its recovery declaration (it has neither yet).
 */
export function writeOffProblem(
  wait: RecoveryWait,
): 'AWAITING_RECOVERY_CLOSE' | 'NO_PAYOUT_OR_DENIAL' | undefined {
  if (awaitingRecoveryClose(wait)) return 'AWAITING_RECOVERY_CLOSE';
  if (wait.claimStatus === 'APPROVED' || wait.claimStatus === 'DENIED') return undefined;
  return 'NO_PAYOUT_OR_DENIAL';
}
