import { query, table, Tx } from '../../shared/persistence/sql';

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
  const rows = await query<{ recovery_id: string }>(
    tx,
    `INSERT INTO ${table(tx, 'recoveries')} (recovery_id, loan_id, default_id, claim_id, net_fen, treatment, recovered_on, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (recovery_id) DO NOTHING RETURNING recovery_id`,
    [
      recovery.recoveryId,
      recovery.loanId,
      recovery.defaultId,
      recovery.claimId,
      recovery.netFen.toString(),
      recovery.treatment,
      recovery.recoveredOn,
      JSON.stringify(recovery.detail),
    ],
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
  const rows = await query<{ payout_id: string }>(
    tx,
    `INSERT INTO ${table(tx, 'payouts')} (payout_id, claim_id, fund_id, amount_fen, applied_fen)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (payout_id) DO NOTHING RETURNING payout_id`,
    [
      payout.payoutId,
      payout.claimId,
      payout.fundId,
      payout.amountFen.toString(),
      payout.appliedFen.toString(),
    ],
  );
  return rows.length === 1;
}

export async function payoutSeen(tx: Tx, payoutId: string): Promise<boolean> {
  const rows = await query<{ n: number }>(
    tx,
    `SELECT 1 AS n FROM ${table(tx, 'payouts')} WHERE payout_id = $1`,
    [payoutId],
  );
  return rows.length > 0;
}

/** Records a remittance once; false when its id was seen before. */
export async function insertRemittance(
  tx: Tx,
  remittance: { remittanceId: string; fundId: string; amountFen: bigint; applied: boolean },
): Promise<boolean> {
  const rows = await query<{ remittance_id: string }>(
    tx,
    `INSERT INTO ${table(tx, 'remittances')} (remittance_id, fund_id, amount_fen, applied)
     VALUES ($1, $2, $3, $4) ON CONFLICT (remittance_id) DO NOTHING RETURNING remittance_id`,
    [
      remittance.remittanceId,
      remittance.fundId,
      remittance.amountFen.toString(),
      remittance.applied,
    ],
  );
  return rows.length === 1;
}
