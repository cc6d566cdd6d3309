import { domainRow } from '@riskpool/db';
import { execute, insert, query, table, Tx } from '../../shared/persistence/sql';

/** docs/domain.md §8.5: a default waiting for the bank's recovery declaration before its claim. */
export interface AwaitingClaim {
  readonly defaultId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly reportedOn: string;
  readonly outstandingAtDefaultFen: bigint;
  readonly accruedInterestFen: bigint;
  readonly costsFen: bigint;
  /** The NPL breaker's verdict at the default report: the claim opens DEFERRED when it tripped. */
  readonly breakerTripped: boolean;
  readonly status: 'WAITING' | 'OPENED' | 'CURED';
}

export async function findAwaitingClaim(
  tx: Tx,
  defaultId: string,
): Promise<AwaitingClaim | undefined> {
  const [r] = await query<Record<string, unknown>>(
    tx,
    `SELECT default_id, claim_id, loan_id, bank_id, reported_on::text, outstanding_at_default_fen::text,
       accrued_interest_fen::text, costs_fen::text, breaker_tripped, status
     FROM ${table(tx, 'awaiting_claims')} WHERE default_id = $1 FOR UPDATE`,
    [defaultId],
  );
  return r === undefined ? undefined : domainRow<AwaitingClaim>(r);
}

export async function insertAwaitingClaim(
  tx: Tx,
  wait: Omit<AwaitingClaim, 'status'>,
): Promise<void> {
  await insert(
    tx,
    'awaiting_claims',
    `default_id, claim_id, loan_id, bank_id, reported_on, outstanding_at_default_fen,
     accrued_interest_fen, costs_fen, breaker_tripped, status`,
    { ...wait, status: 'WAITING' },
  );
}

export async function setAwaitingStatus(
  tx: Tx,
  defaultId: string,
  status: 'OPENED' | 'CURED',
): Promise<void> {
  await execute(
    tx,
    `UPDATE ${table(tx, 'awaiting_claims')} SET status = $2 WHERE default_id = $1`,
    [defaultId, status],
  );
}
