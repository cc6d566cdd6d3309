import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { ApiFen, ApiId } from '@riskpool/service-kit';
import { ApiReceivedOn, ApiStaysOwedFen, DueView, dueView } from '../shared/due-view';
import {
  CosharerPayer,
  ObligationRow,
  ObligationSource,
} from './persistence/cosharer-obligation.repository';
import { CosharerSettlementAnswer } from './record-settlement/record-cosharer-settlement.handler';

// The answers of the co-sharer routes (docs/domain.md §8.4).
const CLAIM_ID = '0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f';

/** Who owes whom on a claim: its lender (the bank) and one of its co-sharers, and which pays. */
export class CosharerClaimPartiesView {
  @ApiId.claim()
  readonly claimId!: string;

  @ApiId.loan()
  readonly loanId!: string;

  @ApiId.bank({ description: 'The lender' })
  readonly bankId!: string;

  @ApiId.party({ description: 'The co-sharer' })
  readonly partyId!: string;

  @ApiProperty({
    enum: ['COSHARER', 'LENDER'],
    example: 'COSHARER',
    description:
      'COSHARER: the co-sharer pays the lender its share of the loss; LENDER: the lender pays the co-sharer its part of a recovery after payout',
  })
  readonly payer!: CosharerPayer;
}

/** What an obligation arose from. */
export class CosharerObligationSourceView {
  @ApiProperty({
    enum: ['CLAIM_SHARE', 'RECOVERY'],
    example: 'CLAIM_SHARE',
    description: 'CLAIM_SHARE: the co-sharer’s share of the loss; RECOVERY: its part of a recovery',
  })
  readonly source!: ObligationSource;

  @ApiProperty({
    example: CLAIM_ID,
    description: 'The claim (CLAIM_SHARE) or the recovery (RECOVERY) it arose from',
  })
  readonly sourceRef!: string;
}

/** One obligation of the payer a settlement settled (part of). */
export class CosharerSettlementMatchView extends CosharerObligationSourceView {
  @ApiFen({ example: '96000000' })
  readonly amountFen!: string;

  @ApiStaysOwedFen()
  readonly outstandingAfterFen!: string;
}

export class CosharerSettlementView
  extends CosharerClaimPartiesView
  implements CosharerSettlementAnswer
{
  @ApiProperty({ example: '0195f3c0-0000-7000-8000-000000000009' })
  readonly settlementId!: string;

  @ApiFen({ example: '96000000' })
  readonly amountFen!: string;

  @ApiFen({ example: '0', description: 'What the payer still owes on this claim after it (fen)' })
  readonly outstandingAfterFen!: string;

  @ApiProperty({ type: [CosharerSettlementMatchView] })
  readonly matched!: readonly CosharerSettlementMatchView[];

  @ApiReceivedOn()
  readonly receivedOn!: string;
}

/** One debt between a claim's lender and a co-sharer, with what is settled and still owed. */
export class CosharerObligationView extends IntersectionType(
  CosharerClaimPartiesView,
  CosharerObligationSourceView,
  DueView,
) {
  @ApiProperty({ example: '1' })
  readonly obligationId!: string;

  @ApiFen({ example: '96000000' })
  readonly amountFen!: string;

  @ApiFen({ example: '0' })
  readonly settledFen!: string;

  @ApiFen({ example: '96000000', description: 'What is still owed (fen)' })
  declare readonly outstandingFen: string;

  @ApiId.policyVersion({ example: 'P-2026-1', description: 'The policy version of the claim' })
  readonly policyVersionId!: string;
}

export function obligationView(r: ObligationRow, today: string): CosharerObligationView {
  return {
    obligationId: r.obligationId,
    claimId: r.claimId,
    loanId: r.loanId,
    bankId: r.bankId,
    partyId: r.partyId,
    payer: r.payer,
    source: r.source,
    sourceRef: r.sourceRef,
    amountFen: r.amountFen.toString(),
    settledFen: r.settledFen.toString(),
    ...dueView(r, today),
    policyVersionId: r.policyVersionId,
  };
}
