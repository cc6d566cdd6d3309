import { CoSharer, InstitutionKind, LoanFlagCode } from '@riskpool/domain';
import { execute, fen, findBy, insertNew, query, table, Tx } from '../../shared/persistence/sql';

/** docs/domain.md §4: the loan states pool-allocation needs for exposures. */
export type LoanStatus = 'REGISTERED' | 'DEFAULTED' | 'COMPENSATED' | 'CLOSED' | 'WRITTEN_OFF';

export interface LoanRow {
  readonly loanId: string;
  readonly bankId: string;
  readonly townCode: string;
  readonly principalFen: bigint;
  readonly outstandingFen: bigint;
  readonly outstandingAtDefaultFen: bigint | null;
  readonly flags: LoanFlagCode[];
  readonly registrationDate: string;
  readonly policyVersionId: string;
  readonly status: LoanStatus;
  /** docs/domain.md §8.1: chooses the rate tiers of its kind. */
  readonly institutionKind: InstitutionKind;
  /** docs/domain.md §8.4: in the order the loan named them (the cut-back order). */
  readonly coSharers: CoSharer[];
}

interface RawLoan {
  loan_id: string;
  bank_id: string;
  town_code: string;
  principal_fen: string;
  outstanding_fen: string;
  outstanding_at_default_fen: string | null;
  flags: LoanFlagCode[];
  registration_date: string;
  policy_version_id: string;
  status: LoanStatus;
  institution_kind: InstitutionKind;
  co_sharers: CoSharer[];
}

const toRow = (r: RawLoan): LoanRow => ({
  loanId: r.loan_id,
  bankId: r.bank_id,
  townCode: r.town_code,
  principalFen: fen(r.principal_fen),
  outstandingFen: fen(r.outstanding_fen),
  outstandingAtDefaultFen:
    r.outstanding_at_default_fen === null ? null : fen(r.outstanding_at_default_fen),
  flags: r.flags,
  registrationDate: r.registration_date,
  policyVersionId: r.policy_version_id,
  status: r.status,
  institutionKind: r.institution_kind,
  coSharers: r.co_sharers,
});

/** Projects a registration; a repeat changes nothing. Returns whether it was new. */
export async function insertLoan(
  tx: Tx,
  loan: Omit<LoanRow, 'outstandingAtDefaultFen' | 'status' | 'outstandingFen'>,
): Promise<boolean> {
  return insertNew(
    tx,
    'loans',
    `loan_id, bank_id, town_code, principal_fen, outstanding_fen, flags, registration_date,
     policy_version_id, status, institution_kind, co_sharers`,
    { ...loan, outstandingFen: loan.principalFen, status: 'REGISTERED' },
    'loan_id',
  );
}

export async function findLoan(tx: Tx, loanId: string): Promise<LoanRow | undefined> {
  return findBy(tx, 'loans', 'loan_id', loanId, toRow);
}

export async function updateLoan(
  tx: Tx,
  loanId: string,
  change: {
    status?: LoanStatus;
    outstandingFen?: bigint;
    outstandingAtDefaultFen?: bigint | null;
  },
): Promise<void> {
  const sets: string[] = ['updated_at = now()'];
  const params: unknown[] = [loanId];
  if (change.status !== undefined) {
    params.push(change.status);
    sets.push(`status = $${params.length}`);
  }
  if (change.outstandingFen !== undefined) {
    params.push(change.outstandingFen.toString());
    sets.push(`outstanding_fen = $${params.length}`);
  }
  if (change.outstandingAtDefaultFen !== undefined) {
    params.push(change.outstandingAtDefaultFen?.toString() ?? null);
    sets.push(`outstanding_at_default_fen = $${params.length}`);
  }
  await execute(
    tx,
    `UPDATE ${table(tx, 'loans')} SET ${sets.join(', ')} WHERE loan_id = $1`,
    params,
  );
}

/**
 * docs/domain.md §4, §6: a loan's exposure is its outstanding while REGISTERED, its outstanding at
 * default while DEFAULTED, nothing otherwise. Returns the bank's defaulted and total exposure.
 */
export async function bankExposure(
  tx: Tx,
  bankId: string,
): Promise<{ defaultedFen: bigint; totalFen: bigint }> {
  // Running totals kept by a trigger on loans (migration 1768100000000): one row, not the bank's
  // whole portfolio.
  const rows = await query<{ defaulted: string; total: string }>(
    tx,
    `SELECT defaulted_fen::text AS defaulted, total_fen::text AS total
       FROM ${table(tx, 'bank_exposures')} WHERE bank_id = $1`,
    [bankId],
  );
  return { defaultedFen: fen(rows[0]?.defaulted ?? null), totalFen: fen(rows[0]?.total ?? null) };
}

/** docs/domain.md §8.2: Σ original principal of every loan the bank ever registered. */
export async function bankRegisteredPrincipal(tx: Tx, bankId: string): Promise<bigint> {
  const rows = await query<{ total: string }>(
    tx,
    `SELECT registered_principal_fen::text AS total FROM ${table(tx, 'bank_exposures')}
      WHERE bank_id = $1`,
    [bankId],
  );
  return fen(rows[0]?.total ?? null);
}

export async function lockBank(tx: Tx, bankId: string): Promise<void> {
  await execute(tx, `SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tx.schema}:bank:${bankId}`]);
}
