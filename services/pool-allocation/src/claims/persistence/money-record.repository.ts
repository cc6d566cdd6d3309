import { exists, insertNew, Tx } from '../../shared/persistence/sql';

/** Records a recovery once; false when its id was seen before. */
export async function insertRecovery(
  tx: Tx,
  recovery: {
    recoveryId: string;
    loanId: string;
    defaultId: string;
    claimId: string | null;
    netFen: bigint;
    treatment: string;
    recoveredOn: string;
    detail: Record<string, unknown>;
  },
): Promise<boolean> {
  return insertNew(
    tx,
    'recoveries',
    'recovery_id, loan_id, default_id, claim_id, net_fen, treatment, recovered_on, detail',
    recovery,
    'recovery_id',
  );
}

/** Records a payout once; false when its id was seen before. */
export async function insertPayout(
  tx: Tx,
  payout: {
    payoutId: string;
    claimId: string;
    fundId: string;
    amountFen: bigint;
    appliedFen: bigint;
  },
): Promise<boolean> {
  return insertNew(
    tx,
    'payouts',
    'payout_id, claim_id, fund_id, amount_fen, applied_fen',
    payout,
    'payout_id',
  );
}

export async function payoutSeen(tx: Tx, payoutId: string): Promise<boolean> {
  return exists(tx, 'payouts', 'payout_id', payoutId);
}

/** Records a remittance once; false when its id was seen before. */
export async function insertRemittance(
  tx: Tx,
  remittance: { remittanceId: string; fundId: string; amountFen: bigint; applied: boolean },
): Promise<boolean> {
  return insertNew(
    tx,
    'remittances',
    'remittance_id, fund_id, amount_fen, applied',
    remittance,
    'remittance_id',
  );
}
