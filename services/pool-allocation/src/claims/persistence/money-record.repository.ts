import { exists, insert, Tx } from '../../shared/persistence/sql';

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
  const rows = await insert(
    tx,
    'recoveries',
    'recovery_id, loan_id, default_id, claim_id, net_fen, treatment, recovered_on, detail',
    recovery,
    'ON CONFLICT (recovery_id) DO NOTHING RETURNING recovery_id',
  );
  return rows.length === 1;
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
  const rows = await insert(
    tx,
    'payouts',
    'payout_id, claim_id, fund_id, amount_fen, applied_fen',
    payout,
    'ON CONFLICT (payout_id) DO NOTHING RETURNING payout_id',
  );
  return rows.length === 1;
}

export async function payoutSeen(tx: Tx, payoutId: string): Promise<boolean> {
  return exists(tx, 'payouts', 'payout_id', payoutId);
}

/** Records a remittance once; false when its id was seen before. */
export async function insertRemittance(
  tx: Tx,
  remittance: { remittanceId: string; fundId: string; amountFen: bigint; applied: boolean },
): Promise<boolean> {
  const rows = await insert(
    tx,
    'remittances',
    'remittance_id, fund_id, amount_fen, applied',
    remittance,
    'ON CONFLICT (remittance_id) DO NOTHING RETURNING remittance_id',
  );
  return rows.length === 1;
}
