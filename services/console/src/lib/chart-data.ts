// The numbers behind the regulator's charts, computed exactly (BigInt fen, integer bp).

export interface Bar {
  readonly label: string;
  readonly fen: string;
}

interface ApprovedClaim {
  readonly status: string;
  readonly approvedOn: string | null;
  readonly townCode: string;
  readonly bankId: string;
  readonly poolFen: string;
}

/**
 * Compensation the pool approved, summed per month (`YYYY-MM` of approvedOn) and per town or bank,
 * in time order then by name.
 */
export function compensationByMonth(
  claims: readonly ApprovedClaim[],
  by: 'townCode' | 'bankId',
): Bar[] {
  const sums = new Map<string, bigint>();
  for (const claim of claims) {
    if (claim.status !== 'APPROVED' || claim.approvedOn === null) continue;
    const label = `${claim.approvedOn.slice(0, 7)} · ${claim[by]}`;
    sums.set(label, (sums.get(label) ?? 0n) + BigInt(claim.poolFen));
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, fen]) => ({ label, fen: fen.toString() }));
}

interface LoanExposure {
  readonly bankId: string;
  readonly status: string;
  readonly exposureFen?: string;
  readonly outstandingFen?: string;
}

export interface NplRatio {
  readonly bankId: string;
  readonly defaultedFen: string;
  readonly totalFen: string;
  /** defaulted ÷ total in basis points, rounded down. */
  readonly ratioBp: number;
  /** Above the breaker, strictly (the rule of docs/domain.md §6). */
  readonly overBreaker: boolean;
}

/** Each bank's defaulted exposure over its whole exposure, against `breakerBp`. */
export function nplRatios(loans: readonly LoanExposure[], breakerBp: number): NplRatio[] {
  const banks = new Map<string, { defaulted: bigint; total: bigint }>();
  for (const loan of loans) {
    if (loan.status === 'CLOSED') continue;
    const exposure = BigInt(loan.exposureFen ?? loan.outstandingFen ?? '0');
    const bank = banks.get(loan.bankId) ?? { defaulted: 0n, total: 0n };
    bank.total += exposure;
    if (loan.status === 'DEFAULTED') bank.defaulted += exposure;
    banks.set(loan.bankId, bank);
  }
  return [...banks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([bankId, { defaulted, total }]) => ({
      bankId,
      defaultedFen: defaulted.toString(),
      totalFen: total.toString(),
      ratioBp: total === 0n ? 0 : Number((defaulted * 10_000n) / total),
      overBreaker: defaulted * 10_000n > BigInt(breakerBp) * total,
    }));
}

/** `value ÷ max` as a fraction of `width` pixels, for drawing only. */
export function barWidth(value: string, max: string, width: number): number {
  const m = BigInt(max);
  if (m <= 0n) return 0;
  return (Number((BigInt(value) * 10_000n) / m) / 10_000) * width;
}

interface SubsidyGrantLine {
  readonly roundId: string;
  readonly townCode: string;
  readonly grantedFen: string;
}

interface SubsidyRoundLine {
  readonly roundId: string;
  readonly status: string;
  readonly approvedOn: string | null;
}

/**
 * Interest subsidy granted (docs/domain.md §9), summed per month (`YYYY-MM` of the round's
 * approval) and per borrower's town, over approved rounds only, in time order then by town.
 */
export function subsidyByTownAndMonth(
  grants: readonly SubsidyGrantLine[],
  rounds: readonly SubsidyRoundLine[],
): Bar[] {
  const approvedOn = new Map(
    rounds
      .filter((r) => r.status === 'APPROVED' && r.approvedOn !== null)
      .map((r) => [r.roundId, r.approvedOn as string]),
  );
  const sums = new Map<string, bigint>();
  for (const grant of grants) {
    const on = approvedOn.get(grant.roundId);
    if (on === undefined) continue;
    const label = `${on.slice(0, 7)} · ${grant.townCode}`;
    sums.set(label, (sums.get(label) ?? 0n) + BigInt(grant.grantedFen));
  }
  return [...sums.entries()]
    .filter(([, fen]) => fen > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, fen]) => ({ label, fen: fen.toString() }));
}
