import { ApiProperty, OmitType } from '@nestjs/swagger';
import { ApiFen, ApiId, Page } from '@riskpool/service-kit';
import { ApiReceivedOn, ApiStaysOwedFen, DueView, dueView } from '../shared/due-view';
import { RemittanceAnswer } from './commands/record-remittance/record-remittance.handler';
import { OwedRow, RemittanceRow } from './persistence/remittance.repository';

// The answers of the remittance routes (docs/domain.md §5.8: what banks owe funds from recoveries).
const RECOVERY_ID = '0195f3c2-7a8b-7c9d-8e0f-1a2b3c4d5e6f';

/** An owed amount a remittance settled (part of). */
export class RemittanceAllocationView {
  @ApiProperty({ example: RECOVERY_ID })
  readonly recoveryId!: string;

  @ApiId.claim()
  readonly claimId!: string;

  @ApiFen({ example: '19000000' })
  readonly amountFen!: string;
}

export class RemittanceView {
  @ApiProperty({ example: '0195f3c0-0000-7000-8000-000000000003' })
  readonly remittanceId!: string;

  @ApiId.bank()
  readonly bankId!: string;

  @ApiId.fund()
  readonly fundId!: string;

  @ApiId.claim({ nullable: true, example: null, description: 'The claim it was for, when named' })
  readonly claimId!: string | null;

  @ApiFen({ example: '19000000' })
  readonly amountFen!: string;

  @ApiFen({ example: '19000000', description: 'What settled owed amounts (fen)' })
  readonly matchedFen!: string;

  @ApiFen({ example: '0', description: 'What was more than owed; not applied later (fen)' })
  readonly overpaidFen!: string;

  @ApiReceivedOn()
  readonly receivedOn!: string;

  @ApiProperty({ type: [RemittanceAllocationView] })
  readonly matched!: readonly RemittanceAllocationView[];
}

export function remittanceView(r: RemittanceRow): RemittanceView {
  return {
    remittanceId: r.remittanceId,
    bankId: r.bankId,
    fundId: r.fundId,
    claimId: r.claimId,
    amountFen: r.amountFen.toString(),
    matchedFen: r.matchedFen.toString(),
    overpaidFen: r.overpaidFen.toString(),
    receivedOn: r.receivedOn,
    matched: r.allocations.map((a) => ({
      recoveryId: a.recoveryId,
      claimId: a.claimId,
      amountFen: a.amountFen.toString(),
    })),
  };
}

export class RemittanceMatchView extends RemittanceAllocationView {
  @ApiId.loan()
  readonly loanId!: string;

  @ApiStaysOwedFen()
  readonly outstandingAfterFen!: string;
}

/** A remittance as recorded: matched to what the bank owes the fund, oldest due first. */
export class RecordedRemittanceView
  extends OmitType(RemittanceView, ['matched'] as const)
  implements RemittanceAnswer
{
  @ApiFen({
    example: '0',
    description: 'What the bank still owes this fund after it (the named claim’s, or all) (fen)',
  })
  readonly outstandingAfterFen!: string;

  @ApiProperty({ type: [RemittanceMatchView] })
  readonly matched!: readonly RemittanceMatchView[];
}

/** A fund's share of a recovery after payout that the bank owes it. */
export class OwedView extends DueView {
  @ApiProperty({ example: RECOVERY_ID })
  readonly recoveryId!: string;

  @ApiId.claim()
  readonly claimId!: string;

  @ApiId.loan()
  readonly loanId!: string;

  @ApiId.bank()
  readonly bankId!: string;

  @ApiId.fund()
  readonly fundId!: string;

  @ApiFen({ example: '19000000', description: 'The fund’s share of the recovery (fen)' })
  readonly owedFen!: string;

  @ApiFen({ example: '0', description: 'What remittances settled of it (fen)' })
  readonly remittedFen!: string;
}

export function owedView(o: OwedRow, today: string): OwedView {
  return {
    recoveryId: o.recoveryId,
    claimId: o.claimId,
    loanId: o.loanId,
    bankId: o.bankId,
    fundId: o.fundId,
    owedFen: o.amountFen.toString(),
    remittedFen: o.remittedFen.toString(),
    ...dueView(o, today),
  };
}

/** What one bank owes one fund, over the whole filter (every page, open or not). */
export class OwedTotalsView {
  @ApiId.bank()
  readonly bankId!: string;

  @ApiId.fund()
  readonly fundId!: string;

  @ApiFen({ example: '19000000' })
  readonly owedFen!: string;

  @ApiFen({ example: '0' })
  readonly remittedFen!: string;

  @ApiFen({ example: '19000000' })
  readonly outstandingFen!: string;

  @ApiFen({ example: '0', description: 'Outstanding on amounts raised overdue (fen)' })
  readonly overdueOutstandingFen!: string;

  @ApiFen({
    example: '0',
    description:
      'Remitted, then owed no more (a recovery’s share fell): used by the next rise (fen)',
  })
  readonly creditFen!: string;

  @ApiFen({ example: '0', description: 'What remittances paid beyond what was owed (fen)' })
  readonly overpaidFen!: string;
}

/** `GET /owed`: a page of owed amounts, with the business date they are judged on and totals. */
export interface OwedPage extends Page<OwedView> {
  readonly asOf: string;
  readonly totals: readonly OwedTotalsView[];
}
