import { ApiProperty } from '@nestjs/swagger';
import { ApiBp, ApiDate, ApiFen, ApiId, ApiTimestamp } from '@riskpool/service-kit';
import { findLoan } from '../../loans/persistence/loan.repository';
import { Tx } from '../../shared/persistence/sql';
import {
  claimHistory,
  ClaimHistoryEntry,
  claimParts,
  ClaimPartRow,
  ClaimRow,
} from '../persistence/claim.repository';

/** docs/domain.md §5.3: the caps of step 3 and where each stood when the claim was computed. */
export class ClaimCapsView {
  @ApiFen({ example: '500000000', description: 'The per-loan cap of the policy (fen)' })
  readonly perLoanCapFen!: string;

  @ApiFen({ example: '2000000000', description: "What remained of the bank's annual cap (fen)" })
  readonly annualRemainingFen!: string;

  @ApiProperty({ example: false, description: 'The rate was cut to the maximum rate' })
  readonly rateCappedAtMax!: boolean;

  @ApiFen({ required: false, description: 'docs/domain.md §8.2: the portfolio cap (fen)' })
  readonly portfolioCapFen?: string;

  @ApiFen({ required: false, description: 'What remained of the portfolio cap (fen)' })
  readonly portfolioRemainingFen?: string;
}

/** docs/domain.md §8.3: the parts of the loss the basis started from (net-loss policies). */
export class ClaimNetLossView {
  @ApiFen({ example: '600000000' })
  readonly outstandingFen!: string;

  @ApiFen({ example: '2100000' })
  readonly accruedInterestFen!: string;

  @ApiFen({ example: '500000' })
  readonly costsFen!: string;
}

/** docs/domain.md §8.4: a co-sharer's part of the bank share. */
export class ClaimCoSharerShareView {
  @ApiId.party({ example: 'GUARANTOR-1' })
  readonly partyId!: string;

  @ApiProperty({ example: 'GUARANTOR' })
  readonly kind!: string;

  @ApiBp({ example: 2000 })
  readonly shareBp!: number;

  @ApiFen({ example: '72000000' })
  readonly shareFen!: string;

  @ApiFen({ example: '0', description: 'What the lender’s minimum share cut back (fen)' })
  readonly cutBackFen!: string;
}

/** One fund's part of the split: its share, held, queued and paid amounts, and its approval. */
export class ClaimShareView {
  @ApiId.fund()
  readonly fundId!: string;

  @ApiBp({ example: 5000, description: 'The fund’s weight (bp)' })
  readonly weightBp!: number;

  @ApiFen({ example: '120000000' })
  readonly shareFen!: string;

  @ApiFen({ example: '120000000' })
  readonly heldFen!: string;

  @ApiFen({ example: '0' })
  readonly queuedFen!: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: null,
    description: 'The part’s place in the fund’s queue (null when nothing is queued)',
  })
  readonly queueSeq!: number | null;

  @ApiFen({ example: '0' })
  readonly paidFen!: string;

  @ApiProperty({ example: false })
  readonly approved!: boolean;

  @ApiProperty({ type: 'string', nullable: true, example: null, description: 'Who approved' })
  readonly approvedBy!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: null, format: 'date-time' })
  readonly approvedAt!: string | null;
}

export class ClaimApprovalsView {
  @ApiProperty({ type: [String], example: ['CITY', 'TOWN:XIAOLAN'] })
  readonly required!: string[];

  @ApiProperty({ type: [String], example: [] })
  readonly approved!: string[];

  @ApiProperty({ type: [String], example: ['CITY', 'TOWN:XIAOLAN'] })
  readonly pending!: string[];
}

export class ClaimSummaryView {
  @ApiId.claim()
  readonly claimId!: string;

  @ApiProperty({ type: 'integer', example: 1, description: 'Arrival order' })
  readonly claimNo!: number;

  @ApiId.loanDefault()
  readonly defaultId!: string;

  @ApiId.loan()
  readonly loanId!: string;

  @ApiId.bank({ example: 'B1' })
  readonly bankId!: string;

  @ApiId.town()
  readonly townCode!: string;

  @ApiProperty({ enum: ['OPEN', 'DEFERRED', 'APPROVED', 'DENIED', 'WITHDRAWN'], example: 'OPEN' })
  readonly status!: string;

  @ApiDate({ example: '2026-06-01' })
  readonly openedOn!: string;

  @ApiDate({ nullable: true, example: null })
  readonly approvedOn!: string | null;

  @ApiDate({ nullable: true, example: null })
  readonly closedOn!: string | null;

  @ApiFen({ example: '600000000' })
  readonly outstandingAtDefaultFen!: string;

  @ApiFen({ example: '600000000', description: 'The compensation basis (fen)' })
  readonly basisFen!: string;

  @ApiBp({ example: 4000, description: 'The rate applied (bp)' })
  readonly rateBp!: number;

  @ApiBp({ example: 4000, description: 'The tier’s rate (bp)' })
  readonly tierRateBp!: number;

  @ApiBp({ example: 0, description: 'Bonuses (bp), e.g. IP pledge' })
  readonly bonusBp!: number;

  @ApiFen({ example: '240000000', description: 'The pool share before caps (fen)' })
  readonly uncappedPoolFen!: string;

  @ApiFen({ example: '240000000', description: 'What the funds pay together (fen)' })
  readonly poolFen!: string;

  @ApiProperty({ type: [String], example: [], description: 'The caps that bit' })
  readonly capsApplied!: readonly string[];

  @ApiProperty({ type: ClaimCapsView })
  readonly caps!: ClaimCapsView;

  @ApiFen({ example: '360000000', description: 'What the bank bears (fen)' })
  readonly bankShareFen!: string;

  @ApiProperty({ type: ClaimNetLossView, required: false })
  readonly netLoss?: ClaimNetLossView;

  @ApiProperty({ type: [ClaimCoSharerShareView], required: false })
  readonly coSharerShares?: readonly ClaimCoSharerShareView[];

  @ApiFen({ required: false, description: 'What the lender keeps after co-sharers (fen)' })
  readonly lenderShareFen?: string;

  @ApiId.policyVersion()
  readonly economicPolicyVersionId!: string;

  @ApiId.policyVersion()
  readonly proceduralPolicyVersionId!: string;

  @ApiProperty({ example: false, description: 'The NPL breaker deferred the claim' })
  readonly breakerTripped!: boolean;

  @ApiFen({ example: '0' })
  readonly recoveredBeforePayoutFen!: string;

  @ApiFen({ example: '0' })
  readonly recoveredAfterPayoutFen!: string;

  @ApiProperty({ type: [ClaimShareView] })
  readonly shares!: readonly ClaimShareView[];

  @ApiProperty({ type: ClaimApprovalsView })
  readonly approvals!: ClaimApprovalsView;
}

export class ClaimLoanView {
  @ApiId.loan()
  readonly loanId!: string;

  @ApiFen({ example: '800000000' })
  readonly principalFen!: string;

  @ApiFen({ example: '600000000' })
  readonly outstandingFen!: string;

  @ApiProperty({ type: [String], example: ['IP_PLEDGE'] })
  readonly flags!: string[];

  @ApiDate({ example: '2026-01-10' })
  readonly registrationDate!: string;

  @ApiId.policyVersion()
  readonly policyVersionId!: string;

  @ApiProperty({ example: 'DEFAULTED' })
  readonly status!: string;
}

export class ClaimHistoryView implements ClaimHistoryEntry {
  @ApiProperty({ example: 'OPENED', description: 'What happened' })
  readonly action!: string;

  @ApiProperty({ example: 'event:credit.default-reported.v1', description: 'Who did it' })
  readonly actor!: string;

  @ApiDate({ nullable: true, example: '2026-06-01' })
  readonly businessDate!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {},
    description: 'The amounts and reasons of the step',
  })
  readonly detail!: Record<string, unknown>;

  @ApiTimestamp({ example: '2026-06-01T02:00:00.000Z' })
  readonly at!: string;
}

export class ClaimDetailView extends ClaimSummaryView {
  @ApiProperty({ type: ClaimLoanView, nullable: true })
  readonly loan!: ClaimLoanView | null;

  @ApiProperty({ type: [ClaimHistoryView] })
  readonly history!: readonly ClaimHistoryView[];
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
