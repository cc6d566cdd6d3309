// Shared by the statement specs: the event types their postings come from, and a posting of a
// journal period as the statements read it.
import type { PeriodPosting } from './fund-statement';

export const DEPOSIT = 'pool.fund-deposited.v1';
export const HOLD = 'pool.hold-placed.v1';
export const RELEASE = 'pool.hold-released.v1';
export const APPROVED = 'pool.claim-approved.v1';
export const RECOVERY = 'pool.recovery-shared.v1';
export const PAYOUT = 'settlement.payout-completed.v1';
export const REMITTANCE = 'settlement.remittance-received.v1';
export const REG = 'loans.loan-registered.v1';
export const REPAID = 'loans.loan-repaid.v1';
export const DEFAULT = 'credit.default-reported.v1';

/** Entry `seq`'s posting on `account` by an event of `eventType`: posted, and pending if given. */
export const periodPosting = (
  seq: number,
  eventType: string,
  account: string,
  side: 'DEBIT' | 'CREDIT',
  postedDeltaFen: bigint,
  pendingDeltaFen = 0n,
): PeriodPosting => ({
  seq: BigInt(seq),
  eventType,
  account,
  side,
  pendingDeltaFen,
  postedDeltaFen,
});
