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
  readonly caps: { perLoanCapFen: string; annualRemainingFen: string; rateCappedAtMax: boolean };
  readonly bankShareFen: string;
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
    },
    bankShareFen: claim.bankShareFen.toString(),
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
