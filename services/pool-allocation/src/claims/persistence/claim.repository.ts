import { CapReason, ClaimAllocation, ClaimStatus } from '@riskpool/domain';
import { execute, fen, findBy, insert, query, table, Tx } from '../../shared/persistence/sql';
import { SqlFilter } from '@riskpool/db';

/** The parts of an allocation kept for display and audit (amounts as fen strings). */
export interface ClaimComputation {
  readonly tierRateBp: number;
  readonly bonusBp: number;
  readonly rateCappedAtMax: boolean;
  readonly uncappedPoolFen: string;
  readonly perLoanCapFen: string;
  readonly annualRemainingFen: string;
  // docs/domain.md §8, present when they apply.
  readonly portfolioCapFen?: string;
  readonly portfolioRemainingFen?: string;
  readonly institutionKind?: string;
  readonly coSharerShares?: readonly {
    readonly partyId: string;
    readonly kind: string;
    readonly shareBp: number;
    readonly wantedFen: string;
    readonly shareFen: string;
    readonly cutBackFen: string;
  }[];
  readonly lenderMinimumFen?: string;
  readonly lenderShareFen?: string;
}

export interface ClaimRow {
  readonly claimId: string;
  readonly claimNo: number;
  readonly defaultId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly townCode: string;
  readonly status: ClaimStatus;
  readonly openedOn: string;
  readonly approvedOn: string | null;
  readonly closedOn: string | null;
  readonly outstandingAtDefaultFen: bigint;
  /** docs/domain.md §8.3: the loss = outstanding + these (both 0 under PRINCIPAL_ONLY). */
  readonly accruedInterestFen: bigint;
  readonly costsFen: bigint;
  readonly basisFen: bigint;
  readonly rateBp: number;
  readonly poolFen: bigint;
  readonly bankShareFen: bigint;
  readonly capReasons: CapReason[];
  readonly computation: ClaimComputation;
  readonly economicPolicyVersionId: string;
  readonly proceduralPolicyVersionId: string;
  readonly breakerTripped: boolean;
  readonly recoveredBeforePayoutFen: bigint;
  readonly recoveredAfterPayoutFen: bigint;
  readonly createdAt: string;
}

export interface ClaimPartRow {
  readonly claimId: string;
  readonly fundId: string;
  readonly position: number;
  readonly weightBp: number;
  readonly shareFen: bigint;
  readonly heldFen: bigint;
  readonly queuedFen: bigint;
  readonly queueSeq: number | null;
  /** Of heldFen, the fen that reached the part through queue fills, ever (a running total). */
  readonly filledFen: bigint;
  readonly paidFen: bigint;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
}

interface RawClaim {
  claim_id: string;
  claim_no: string;
  default_id: string;
  loan_id: string;
  bank_id: string;
  town_code: string;
  status: ClaimStatus;
  opened_on: string;
  approved_on: string | null;
  closed_on: string | null;
  outstanding_at_default_fen: string;
  accrued_interest_fen: string;
  costs_fen: string;
  basis_fen: string;
  rate_bp: number;
  pool_fen: string;
  bank_share_fen: string;
  cap_reasons: CapReason[];
  computation: ClaimComputation;
  economic_policy_version_id: string;
  procedural_policy_version_id: string;
  breaker_tripped: boolean;
  recovered_before_payout_fen: string;
  recovered_after_payout_fen: string;
  created_at: Date;
}

interface RawPart {
  claim_id: string;
  fund_id: string;
  position: number;
  weight_bp: number;
  share_fen: string;
  held_fen: string;
  queued_fen: string;
  queue_seq: number | null;
  filled_fen: string;
  paid_fen: string;
  approved_by: string | null;
  approved_at: Date | null;
}

const toClaim = (r: RawClaim): ClaimRow => ({
  claimId: r.claim_id,
  claimNo: Number(r.claim_no),
  defaultId: r.default_id,
  loanId: r.loan_id,
  bankId: r.bank_id,
  townCode: r.town_code,
  status: r.status,
  openedOn: r.opened_on,
  approvedOn: r.approved_on,
  closedOn: r.closed_on,
  outstandingAtDefaultFen: fen(r.outstanding_at_default_fen),
  accruedInterestFen: fen(r.accrued_interest_fen),
  costsFen: fen(r.costs_fen),
  basisFen: fen(r.basis_fen),
  rateBp: r.rate_bp,
  poolFen: fen(r.pool_fen),
  bankShareFen: fen(r.bank_share_fen),
  capReasons: r.cap_reasons,
  computation: r.computation,
  economicPolicyVersionId: r.economic_policy_version_id,
  proceduralPolicyVersionId: r.procedural_policy_version_id,
  breakerTripped: r.breaker_tripped,
  recoveredBeforePayoutFen: fen(r.recovered_before_payout_fen),
  recoveredAfterPayoutFen: fen(r.recovered_after_payout_fen),
  createdAt: new Date(r.created_at).toISOString(),
});

const toPart = (r: RawPart): ClaimPartRow => ({
  claimId: r.claim_id,
  fundId: r.fund_id,
  position: r.position,
  weightBp: r.weight_bp,
  shareFen: fen(r.share_fen),
  heldFen: fen(r.held_fen),
  queuedFen: fen(r.queued_fen),
  queueSeq: r.queue_seq,
  filledFen: fen(r.filled_fen),
  paidFen: fen(r.paid_fen),
  approvedBy: r.approved_by,
  approvedAt: r.approved_at === null ? null : new Date(r.approved_at).toISOString(),
});

/** A co-sharer's part of a claim as its events and its stored computation write it. */
export function coSharerShareOf(c: ClaimAllocation['coSharerShares'][number]) {
  return {
    partyId: c.partyId,
    kind: c.kind,
    shareBp: c.shareBp,
    shareFen: c.shareFen.toString(),
    cutBackFen: c.cutBackFen.toString(),
  };
}

export function computationOf(a: ClaimAllocation): ClaimComputation {
  return {
    tierRateBp: a.tierRateBp,
    bonusBp: a.bonusBp,
    rateCappedAtMax: a.rateCappedAtMax,
    uncappedPoolFen: a.uncappedPoolFen.toString(),
    perLoanCapFen: a.perLoanCapFen.toString(),
    annualRemainingFen: a.annualRemainingFen.toString(),
    ...(a.portfolioCapFen === undefined
      ? {}
      : {
          portfolioCapFen: a.portfolioCapFen.toString(),
          portfolioRemainingFen: (a.portfolioRemainingFen ?? 0n).toString(),
        }),
    ...(a.institutionKind === 'BANK' ? {} : { institutionKind: a.institutionKind }),
    ...(a.coSharerShares.length === 0
      ? {}
      : {
          coSharerShares: a.coSharerShares.map((c) => ({
            ...coSharerShareOf(c),
            wantedFen: c.wantedFen.toString(),
          })),
          lenderMinimumFen: a.lenderMinimumFen.toString(),
          lenderShareFen: a.lenderShareFen.toString(),
        }),
  };
}

/** The next arrival number; taken after the fund locks, so numbers follow the order holds were given. */
export async function nextClaimNo(tx: Tx): Promise<number> {
  const rows = await query<{ n: string }>(tx, `SELECT nextval('${tx.schema}.claim_no_seq') AS n`);
  return Number(rows[0]?.n);
}

export async function insertClaim(
  tx: Tx,
  claim: {
    claimId: string;
    claimNo: number;
    defaultId: string;
    loanId: string;
    bankId: string;
    townCode: string;
    status: 'OPEN' | 'DEFERRED';
    openedOn: string;
    outstandingAtDefaultFen: bigint;
    accruedInterestFen: bigint;
    costsFen: bigint;
    allocation: ClaimAllocation;
    breakerTripped: boolean;
  },
): Promise<void> {
  const a = claim.allocation;
  await insert(
    tx,
    'claims',
    `claim_id, claim_no, default_id, loan_id, bank_id, town_code, status, opened_on,
     outstanding_at_default_fen, basis_fen, rate_bp, pool_fen, bank_share_fen, cap_reasons,
     computation, economic_policy_version_id, procedural_policy_version_id, breaker_tripped,
     accrued_interest_fen, costs_fen`,
    { ...a, ...claim, computation: computationOf(a) },
  );
  for (const [position, share] of a.fundShares.entries())
    await insert(tx, 'claim_parts', 'claim_id, fund_id, position, weight_bp, share_fen', {
      ...share,
      claimId: claim.claimId,
      position,
    });
}

/** A recomputation (adjustment, recovery before payout): new amounts, every approval cleared. */
export async function updateClaimAllocation(
  tx: Tx,
  claimId: string,
  a: ClaimAllocation,
  extra: { recoveredBeforePayoutFen?: bigint } = {},
): Promise<void> {
  await execute(
    tx,
    `UPDATE ${table(tx, 'claims')} SET basis_fen = $2, rate_bp = $3, pool_fen = $4, bank_share_fen = $5,
       cap_reasons = $6::jsonb, computation = $7::jsonb, procedural_policy_version_id = $8,
       recovered_before_payout_fen = coalesce($9::bigint, recovered_before_payout_fen), updated_at = now()
     WHERE claim_id = $1`,
    [
      claimId,
      a.basisFen.toString(),
      a.rateBp,
      a.poolFen.toString(),
      a.bankShareFen.toString(),
      JSON.stringify(a.capReasons),
      JSON.stringify(computationOf(a)),
      a.proceduralPolicyVersionId,
      extra.recoveredBeforePayoutFen?.toString() ?? null,
    ],
  );
  for (const share of a.fundShares) {
    await execute(
      tx,
      `UPDATE ${table(tx, 'claim_parts')} SET share_fen = $3, approved_by = NULL, approved_at = NULL
       WHERE claim_id = $1 AND fund_id = $2`,
      [claimId, share.fundId, share.shareFen.toString()],
    );
  }
}

export async function setClaimStatus(
  tx: Tx,
  claimId: string,
  status: ClaimStatus,
  dates: { approvedOn?: string; closedOn?: string } = {},
): Promise<void> {
  await execute(
    tx,
    `UPDATE ${table(tx, 'claims')} SET status = $2, approved_on = coalesce($3, approved_on),
       closed_on = coalesce($4, closed_on), updated_at = now() WHERE claim_id = $1`,
    [claimId, status, dates.approvedOn ?? null, dates.closedOn ?? null],
  );
}

/**
 * A claim's recovered figure: `before` payout, the net recoveries an after-recovery claim's basis
 * was opened without (docs/domain.md §8.5); `after` payout, the cumulative net shared since.
 */
export async function setRecovered(
  tx: Tx,
  claimId: string,
  payout: 'before' | 'after',
  amountFen: bigint,
): Promise<void> {
  const column = `recovered_${payout}_payout_fen`;
  await execute(
    tx,
    `UPDATE ${table(tx, 'claims')} SET ${column} = $2, updated_at = now() WHERE claim_id = $1`,
    [claimId, amountFen.toString()],
  );
}

export async function recordApproval(
  tx: Tx,
  claimId: string,
  fundId: string,
  approvedBy: string,
): Promise<void> {
  await execute(
    tx,
    `UPDATE ${table(tx, 'claim_parts')} SET approved_by = $3, approved_at = now()
     WHERE claim_id = $1 AND fund_id = $2`,
    [claimId, fundId, approvedBy],
  );
}

export async function clearApprovals(tx: Tx, claimId: string): Promise<void> {
  await execute(
    tx,
    `UPDATE ${table(tx, 'claim_parts')} SET approved_by = NULL, approved_at = NULL WHERE claim_id = $1`,
    [claimId],
  );
}

/** Moves money a payout took out of a hold into `paid_fen`. */
export async function recordPaid(
  tx: Tx,
  claimId: string,
  fundId: string,
  paidFen: bigint,
): Promise<void> {
  await execute(
    tx,
    `UPDATE ${table(tx, 'claim_parts')} SET paid_fen = paid_fen + $3 WHERE claim_id = $1 AND fund_id = $2`,
    [claimId, fundId, paidFen.toString()],
  );
}

/** A claim by its id or by its default's; locked until the transaction ends when asked. */
export async function findClaim(
  tx: Tx,
  key: { claimId: string } | { defaultId: string },
  options: { lock?: boolean } = {},
): Promise<ClaimRow | undefined> {
  const [column, value] =
    'claimId' in key ? ['claim_id', key.claimId] : ['default_id', key.defaultId];
  return findBy(tx, 'claims', column, value, toClaim, options.lock === true);
}

/** A claim on the loan that is still live (open, deferred or approved). */
export async function liveClaimOfLoan(tx: Tx, loanId: string): Promise<ClaimRow | undefined> {
  const rows = await query<RawClaim>(
    tx,
    `SELECT * FROM ${table(tx, 'claims')} WHERE loan_id = $1 AND status IN ('OPEN', 'DEFERRED', 'APPROVED')
     ORDER BY claim_no DESC LIMIT 1`,
    [loanId],
  );
  return rows[0] === undefined ? undefined : toClaim(rows[0]);
}

export async function claimParts(tx: Tx, claimIds: readonly string[]): Promise<ClaimPartRow[]> {
  const rows = await query<RawPart>(
    tx,
    `SELECT * FROM ${table(tx, 'claim_parts')} WHERE claim_id = ANY($1::text[]) ORDER BY claim_id, position`,
    [claimIds],
  );
  return rows.map(toPart);
}

/**
 * Σ pool of the bank's claims not denied or withdrawn (the claim being recomputed left out): of
 * those opened in the calendar `year` when given (docs/domain.md §5.3, the annual limit), else of
 * any year (§8.2, the portfolio cap). Read from the running totals per bank and year (migration
 * 1768100000000), less the left-out claim's pool where it counts.
 */
export async function poolUsed(
  tx: Tx,
  of: { bankId: string; year?: number; exceptClaimId: string | null },
): Promise<bigint> {
  const year = of.year === undefined ? null : String(of.year).padStart(4, '0');
  const rows = await query<{ used: string }>(
    tx,
    `SELECT (coalesce((SELECT sum(pool_fen) FROM ${table(tx, 'bank_pool_used')}
                        WHERE bank_id = $1 AND ($3::text IS NULL OR year = $3)), 0)
             - coalesce((SELECT pool_fen FROM ${table(tx, 'claims')}
                          WHERE claim_id = $2 AND bank_id = $1
                            AND status NOT IN ('DENIED', 'WITHDRAWN')
                            AND ($3::text IS NULL OR left(opened_on, 4) = $3)), 0))::text AS used`,
    [of.bankId, of.exceptClaimId, year],
  );
  return fen(rows[0]?.used ?? null);
}

export async function loanIdsOfClaims(
  tx: Tx,
  claimIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await query<{ claim_id: string; loan_id: string }>(
    tx,
    `SELECT claim_id, loan_id FROM ${table(tx, 'claims')} WHERE claim_id = ANY($1::text[])`,
    [claimIds],
  );
  return new Map(rows.map((r) => [r.claim_id, r.loan_id]));
}

/**
 * Adds a queue fill to the part's running total of fills and returns the new total. The fund is
 * locked, so a part's fills are numbered by this total in the order they happened; settlement
 * compares it with the total on the approval to tell a fill inside the approved share from one
 * after it, whatever order Kafka delivers the two in.
 */
export async function addFilled(
  tx: Tx,
  claimId: string,
  fundId: string,
  amountFen: bigint,
): Promise<bigint> {
  const rows = await query<{ filled_fen: string }>(
    tx,
    // Wrapped in a SELECT: TypeORM answers an UPDATE with [rows, count] instead of the rows.
    `WITH changed AS (
       UPDATE ${table(tx, 'claim_parts')} SET filled_fen = filled_fen + $3
       WHERE claim_id = $1 AND fund_id = $2 RETURNING filled_fen)
     SELECT filled_fen::text FROM changed`,
    [claimId, fundId, amountFen.toString()],
  );
  const total = rows[0]?.filled_fen;
  if (total === undefined) throw new Error(`claim ${claimId} has no part of fund ${fundId}`);
  return fen(total);
}

export interface ClaimHistoryEntry {
  readonly action: string;
  readonly actor: string;
  readonly businessDate: string | null;
  readonly detail: Record<string, unknown>;
  readonly at: string;
}

export async function addHistory(
  tx: Tx,
  claimId: string,
  entry: { action: string; actor: string; businessDate?: string; detail?: Record<string, unknown> },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO ${table(tx, 'claim_history')} (claim_id, action, actor, business_date, detail)
     VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [
      claimId,
      entry.action,
      entry.actor,
      entry.businessDate ?? null,
      JSON.stringify(entry.detail ?? {}, (_k, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v,
      ),
    ],
  );
}

export async function claimHistory(tx: Tx, claimId: string): Promise<ClaimHistoryEntry[]> {
  const rows = await query<{
    action: string;
    actor: string;
    business_date: string | null;
    detail: Record<string, unknown>;
    at: Date;
  }>(
    tx,
    `SELECT action, actor, business_date, detail, at FROM ${table(tx, 'claim_history')}
     WHERE claim_id = $1 ORDER BY id`,
    [claimId],
  );
  return rows.map((r) => ({
    action: r.action,
    actor: r.actor,
    businessDate: r.business_date,
    detail: r.detail,
    at: new Date(r.at).toISOString(),
  }));
}

export interface ClaimListFilter {
  readonly bankId?: string;
  readonly fundId?: string;
  /** docs/domain.md §8.4: only the claims naming this co-sharer party. */
  readonly partyId?: string;
  readonly status?: ClaimStatus;
  readonly loanId?: string;
  /** A claim number (bigint as text): the claims after it. */
  readonly afterClaimNo?: string;
  readonly limit: number;
}

/** Claims in arrival order, cursor-paged by claim number. */
export async function listClaims(tx: Tx, filter: ClaimListFilter): Promise<ClaimRow[]> {
  const where = new SqlFilter()
    .add('c.bank_id = ?', filter.bankId)
    .add('c.status = ?', filter.status)
    .add('c.loan_id = ?', filter.loanId)
    .add('c.claim_no > ?', filter.afterClaimNo)
    .add(
      `EXISTS (SELECT 1 FROM ${table(tx, 'claim_parts')} p WHERE p.claim_id = c.claim_id AND p.fund_id = ?)`,
      filter.fundId,
    )
    .add(
      `c.computation->'coSharerShares' @> jsonb_build_array(jsonb_build_object('partyId', ?::text))`,
      filter.partyId,
    );
  const rows = await query<RawClaim>(
    tx,
    `SELECT c.* FROM ${table(tx, 'claims')} c ${where.sql}
     ORDER BY c.claim_no LIMIT ${where.param(filter.limit)}`,
    where.params,
  );
  return rows.map(toClaim);
}
