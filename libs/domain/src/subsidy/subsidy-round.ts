import { type BusinessDate, addDays, compareDates } from '../dates';
import { DomainError, invariant } from '../domain-error';
import { type Fen, sumFen } from '../money';
import { split } from '../split';

/** One report's requested share of one fund, as a round's closing sees it. */
export interface RoundShareRequest {
  readonly reportId: string;
  readonly fundId: string;
  readonly requestedFen: Fen;
  /** When the report was accepted (ISO timestamp): orders pro-rata ties (§9.4). */
  readonly reportedAt: string;
}

export interface RoundShareGrant extends RoundShareRequest {
  readonly grantedFen: Fen;
  readonly lapsedFen: Fen;
}

export interface RoundFundOutcome {
  readonly fundId: string;
  readonly availableFen: Fen;
  readonly requestedFen: Fen;
  readonly grantedFen: Fen;
  readonly lapsedFen: Fen;
  /** True when the fund could not cover every share and its money was split pro rata. */
  readonly proRata: boolean;
}

export interface RoundClosing {
  readonly funds: readonly RoundFundOutcome[];
  readonly grants: readonly RoundShareGrant[];
}

function byReportTime(a: RoundShareRequest, b: RoundShareRequest): number {
  if (a.reportedAt !== b.reportedAt) return a.reportedAt < b.reportedAt ? -1 : 1;
  return a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : 0;
}

/**
 * docs/domain.md §9.4, closing a round: per fund, every share in full when the fund's available
 * money covers them all; otherwise the available money split over the shares in proportion to
 * what each requested (THE split, parties in report-time order so ties go to the earlier report),
 * and the rest lapses. Nothing queues. Grants come back fund by fund, in report-time order.
 */
export function closeRound(
  requests: readonly RoundShareRequest[],
  availableByFund: ReadonlyMap<string, Fen>,
): RoundClosing {
  const fundIds = [...new Set(requests.map((r) => r.fundId))].sort();
  const funds: RoundFundOutcome[] = [];
  const grants: RoundShareGrant[] = [];
  for (const fundId of fundIds) {
    const shares = requests.filter((r) => r.fundId === fundId).sort(byReportTime);
    const availableFen = availableByFund.get(fundId) ?? 0n;
    invariant(availableFen >= 0n, () => `fund ${fundId} has negative available money`);
    for (const share of shares)
      invariant(
        share.requestedFen >= 0n,
        () => `report ${share.reportId} requests a negative share`,
      );
    const requestedFen = sumFen(shares.map((s) => s.requestedFen));
    const proRata = availableFen < requestedFen;
    const granted = proRata
      ? split(
          availableFen,
          shares.map((s) => ({ label: s.reportId, weight: s.requestedFen })),
        ).map((p) => p.amountFen)
      : shares.map((s) => s.requestedFen);
    shares.forEach((share, index) => {
      const grantedFen = granted[index] ?? 0n;
      invariant(grantedFen <= share.requestedFen, 'a grant above its request');
      grants.push({ ...share, grantedFen, lapsedFen: share.requestedFen - grantedFen });
    });
    const grantedFen = sumFen(granted);
    invariant(grantedFen <= availableFen, () => `fund ${fundId} grants more than it has`);
    funds.push({
      fundId,
      availableFen,
      requestedFen,
      grantedFen,
      lapsedFen: requestedFen - grantedFen,
      proRata,
    });
  }
  return { funds, grants };
}

export type RoundStatus = 'OPEN' | 'CLOSED' | 'APPROVED';

/** A round's state for decisions: which funds have a say and which have approved. */
export interface RoundDecisionState {
  readonly status: RoundStatus;
  /** Every fund in any of the round's splits. */
  readonly fundIds: readonly string[];
  readonly approvedFundIds: readonly string[];
}

export const ROUND_NOT_CLOSED = 'SUBSIDY.ROUND_NOT_CLOSED';
export const ROUND_NOT_OPEN = 'SUBSIDY.ROUND_NOT_OPEN';
export const ROUND_FUND_NOT_IN_ROUND = 'SUBSIDY.FUND_NOT_IN_ROUND';
export const ROUND_ALREADY_DECIDED = 'SUBSIDY.FUND_ALREADY_DECIDED';
export const ROUND_NOT_FUND_MANAGER = 'SUBSIDY.NOT_FUND_MANAGER';
export const ROUND_REASON_REQUIRED = 'SUBSIDY.REASON_REQUIRED';

/** The manager role `fund-manager:<fundId>` may decide only for that fund. */
export function assertDecidesFor(role: string, fundId: string): void {
  if (role !== `fund-manager:${fundId}`) {
    throw new DomainError(ROUND_NOT_FUND_MANAGER, `${role} may not decide for ${fundId}`, {
      field: 'fundId',
    });
  }
}

function assertCanDecide(state: RoundDecisionState, fundId: string, role: string): void {
  assertDecidesFor(role, fundId);
  if (state.status !== 'CLOSED')
    throw new DomainError(ROUND_NOT_CLOSED, `the round is ${state.status}, not CLOSED`);
  if (!state.fundIds.includes(fundId))
    throw new DomainError(ROUND_FUND_NOT_IN_ROUND, `${fundId} has no share in this round`, {
      field: 'fundId',
    });
  if (state.approvedFundIds.includes(fundId))
    throw new DomainError(ROUND_ALREADY_DECIDED, `${fundId} already approved this round`, {
      field: 'fundId',
    });
}

/** One fund approves its grants; when every fund has, the round is `APPROVED` (§9.4). */
export function approveRoundFund(
  state: RoundDecisionState,
  fundId: string,
  role: string,
): RoundDecisionState {
  assertCanDecide(state, fundId, role);
  const approvedFundIds = [...state.approvedFundIds, fundId];
  const allApproved = state.fundIds.every((f) => approvedFundIds.includes(f));
  return { ...state, approvedFundIds, status: allApproved ? 'APPROVED' : 'CLOSED' };
}

/**
 * One fund returns the round with a reason: its holds are released (by the caller), every
 * decision is cleared and the round is `OPEN` again; closing it again recomputes (§9.4).
 */
export function returnRound(
  state: RoundDecisionState,
  fundId: string,
  role: string,
  reason: string,
): RoundDecisionState {
  assertCanDecide(state, fundId, role);
  if (reason.trim().length === 0)
    throw new DomainError(ROUND_REASON_REQUIRED, 'a return needs a reason', { field: 'reason' });
  return { ...state, status: 'OPEN', approvedFundIds: [] };
}

/** A round takes reports whose period's last day falls in `[from, to)`. */
export interface RoundRange {
  readonly from: BusinessDate;
  readonly to: BusinessDate;
}

export interface RoundRangeProblem {
  readonly field: 'from' | 'to';
  readonly code: 'DATES_OUT_OF_ORDER' | 'OVERLAPS_ROUND';
  readonly message: string;
}

/** Round ranges never overlap (§9.4). */
export function roundRangeProblems(
  range: RoundRange,
  existing: readonly (RoundRange & { readonly roundId: string })[],
): RoundRangeProblem[] {
  if (compareDates(range.to, range.from) <= 0)
    return [{ field: 'to', code: 'DATES_OUT_OF_ORDER', message: 'must be after from' }];
  const clash = existing.find(
    (r) => compareDates(range.from, r.to) < 0 && compareDates(r.from, range.to) < 0,
  );
  return clash === undefined
    ? []
    : [
        {
          field: 'from',
          code: 'OVERLAPS_ROUND',
          message: `overlaps round ${clash.roundId} (${clash.from}..${clash.to})`,
        },
      ];
}

/**
 * Whether a round closing now takes a report (docs/adr: subsidy rounds): a report not yet in a
 * closed round whose period's last day is before the round's `to`. A report whose own round
 * closed before it was filed is taken by the next round closed after it (§9.4).
 */
export function roundTakesReport(range: RoundRange, periodEnd: BusinessDate): boolean {
  return compareDates(addDays(periodEnd, -1), range.to) < 0;
}

/** Whether the period's last day falls inside the round's range. */
export function roundCoversPeriod(range: RoundRange, periodEnd: BusinessDate): boolean {
  const lastDay = addDays(periodEnd, -1);
  return compareDates(range.from, lastDay) <= 0 && compareDates(lastDay, range.to) < 0;
}
