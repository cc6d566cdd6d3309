import { findLoan } from '../../loans/persistence/loan.repository';
import { Tx } from '../../shared/persistence/sql';
import {
  claimHistory,
  ClaimHistoryEntry,
  claimParts,
  ClaimPartRow,
  ClaimRow,
} from '../persistence/claim.repository';

export interface ClaimSummaryView {
  readonly claimId: string;
  readonly claimNo: number;
  readonly defaultId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly townCode: string;
  readonly status: string;
  readonly openedOn: string;
  readonly approvedOn: string | null;
  readonly closedOn: string | null;
  readonly outstandingAtDefaultFen: string;
  readonly basisFen: string;
  readonly rateBp: number;
  readonly tierRateBp: number;
  readonly bonusBp: number;
  readonly uncappedPoolFen: string;
  readonly poolFen: string;
  readonly capsApplied: readonly string[];
  readonly caps: {
    perLoanCapFen: string;
    annualRemainingFen: string;
    rateCappedAtMax: boolean;
    /** docs/domain.md §8.2, when the policy in force caps the portfolio. */
    portfolioCapFen?: string;
    portfolioRemainingFen?: string;
  };
  readonly bankShareFen: string;
  /** docs/domain.md §8.3: the parts of the loss the basis started from (net-loss policies). */
  readonly netLoss?: { outstandingFen: string; accruedInterestFen: string; costsFen: string };
  /** docs/domain.md §8.4: each co-sharer's part of the bank share, and what the lender keeps. */
  readonly coSharerShares?: ReadonlyArray<{
    partyId: string;
    kind: string;
    shareBp: number;
    shareFen: string;
    cutBackFen: string;
  }>;
  readonly lenderShareFen?: string;
  readonly economicPolicyVersionId: string;
  readonly proceduralPolicyVersionId: string;
  readonly breakerTripped: boolean;
  readonly recoveredBeforePayoutFen: string;
  readonly recoveredAfterPayoutFen: string;
  readonly shares: ReadonlyArray<{
    fundId: string;
    weightBp: number;
    shareFen: string;
    heldFen: string;
    queuedFen: string;
    queueSeq: number | null;
    paidFen: string;
    approved: boolean;
    approvedBy: string | null;
    approvedAt: string | null;
  }>;
  readonly approvals: { required: string[]; approved: string[]; pending: string[] };
}

export interface ClaimDetailView extends ClaimSummaryView {
  readonly loan: {
    loanId: string;
    principalFen: string;
    outstandingFen: string;
    flags: string[];
    registrationDate: string;
    policyVersionId: string;
    status: string;
  } | null;
  readonly history: readonly ClaimHistoryEntry[];
}

export function claimSummary(claim: ClaimRow, parts: readonly ClaimPartRow[]): ClaimSummaryView {
  const mine = parts
    .filter((p) => p.claimId === claim.claimId)
    .sort((a, b) => a.position - b.position);
  const required = mine.map((p) => p.fundId);
  const approved = mine.filter((p) => p.approvedBy !== null).map((p) => p.fundId);
  return {
    claimId: claim.claimId,
    claimNo: claim.claimNo,
    defaultId: claim.defaultId,
    loanId: claim.loanId,
    bankId: claim.bankId,
    townCode: claim.townCode,
    status: claim.status,
    openedOn: claim.openedOn,
    approvedOn: claim.approvedOn,
    closedOn: claim.closedOn,
    outstandingAtDefaultFen: claim.outstandingAtDefaultFen.toString(),
    basisFen: claim.basisFen.toString(),
    rateBp: claim.rateBp,
    tierRateBp: claim.computation.tierRateBp,
    bonusBp: claim.computation.bonusBp,
    uncappedPoolFen: claim.computation.uncappedPoolFen,
    poolFen: claim.poolFen.toString(),
    capsApplied: claim.capReasons,
    caps: {
      perLoanCapFen: claim.computation.perLoanCapFen,
      annualRemainingFen: claim.computation.annualRemainingFen,
      rateCappedAtMax: claim.computation.rateCappedAtMax,
      ...(claim.computation.portfolioCapFen === undefined
        ? {}
        : {
            portfolioCapFen: claim.computation.portfolioCapFen,
            portfolioRemainingFen: claim.computation.portfolioRemainingFen ?? '0',
          }),
    },
    bankShareFen: claim.bankShareFen.toString(),
    ...(claim.accruedInterestFen === 0n && claim.costsFen === 0n
      ? {}
      : {
          netLoss: {
            outstandingFen: claim.outstandingAtDefaultFen.toString(),
            accruedInterestFen: claim.accruedInterestFen.toString(),
            costsFen: claim.costsFen.toString(),
          },
        }),
    ...(claim.computation.coSharerShares === undefined
      ? {}
      : {
          coSharerShares: claim.computation.coSharerShares.map((c) => ({
            partyId: c.partyId,
            kind: c.kind,
            shareBp: c.shareBp,
            shareFen: c.shareFen,
            cutBackFen: c.cutBackFen,
          })),
          lenderShareFen: claim.computation.lenderShareFen ?? claim.bankShareFen.toString(),
        }),
    economicPolicyVersionId: claim.economicPolicyVersionId,
    proceduralPolicyVersionId: claim.proceduralPolicyVersionId,
    breakerTripped: claim.breakerTripped,
    recoveredBeforePayoutFen: claim.recoveredBeforePayoutFen.toString(),
    recoveredAfterPayoutFen: claim.recoveredAfterPayoutFen.toString(),
    shares: mine.map((p) => ({
      fundId: p.fundId,
      weightBp: p.weightBp,
      shareFen: p.shareFen.toString(),
      heldFen: p.heldFen.toString(),
      queuedFen: p.queuedFen.toString(),
      queueSeq: p.queuedFen > 0n ? p.queueSeq : null,
      paidFen: p.paidFen.toString(),
      approved: p.approvedBy !== null,
      approvedBy: p.approvedBy,
      approvedAt: p.approvedAt,
    })),
    approvals: { required, approved, pending: required.filter((f) => !approved.includes(f)) },
  };
}

export async function claimDetail(tx: Tx, claim: ClaimRow): Promise<ClaimDetailView> {
  const parts = await claimParts(tx, [claim.claimId]);
  const loan = await findLoan(tx, claim.loanId);
  return {
    ...claimSummary(claim, parts),
    loan:
      loan === undefined
        ? null
        : {
            loanId: loan.loanId,
            principalFen: loan.principalFen.toString(),
            outstandingFen: loan.outstandingFen.toString(),
            flags: loan.flags,
            registrationDate: loan.registrationDate,
            policyVersionId: loan.policyVersionId,
            status: loan.status,
          },
    history: await claimHistory(tx, claim.claimId),
  };
}
