import { execute, fen, query, table, Tx } from '../../shared/persistence/sql';

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

interface Row {
  default_id: string;
  claim_id: string;
  loan_id: string;
  bank_id: string;
  reported_on: string;
  outstanding_at_default_fen: string;
  accrued_interest_fen: string;
  costs_fen: string;
  breaker_tripped: boolean;
  status: AwaitingClaim['status'];
}

export async function findAwaitingClaim(
  tx: Tx,
  defaultId: string,
): Promise<AwaitingClaim | undefined> {
  const [r] = await query<Row>(
    tx,
    `SELECT default_id, claim_id, loan_id, bank_id, reported_on::text, outstanding_at_default_fen::text,
       accrued_interest_fen::text, costs_fen::text, breaker_tripped, status
     FROM ${table(tx, 'awaiting_claims')} WHERE default_id = $1 FOR UPDATE`,
    [defaultId],
  );
  return r === undefined
    ? undefined
    : {
        defaultId: r.default_id,
        claimId: r.claim_id,
        loanId: r.loan_id,
        bankId: r.bank_id,
        reportedOn: r.reported_on,
        outstandingAtDefaultFen: fen(r.outstanding_at_default_fen),
        accruedInterestFen: fen(r.accrued_interest_fen),
        costsFen: fen(r.costs_fen),
        breakerTripped: r.breaker_tripped,
        status: r.status,
      };
}

export async function insertAwaitingClaim(
  tx: Tx,
  wait: Omit<AwaitingClaim, 'status'>,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO ${table(tx, 'awaiting_claims')} (default_id, claim_id, loan_id, bank_id, reported_on,
       outstanding_at_default_fen, accrued_interest_fen, costs_fen, breaker_tripped, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'WAITING')`,
    [
      wait.defaultId,
      wait.claimId,
      wait.loanId,
      wait.bankId,
      wait.reportedOn,
      wait.outstandingAtDefaultFen.toString(),
      wait.accruedInterestFen.toString(),
      wait.costsFen.toString(),
      wait.breakerTripped,
    ],
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
