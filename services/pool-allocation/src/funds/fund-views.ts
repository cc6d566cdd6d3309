import { ApiProperty } from '@nestjs/swagger';
import { ApiFen, ApiId } from '@riskpool/service-kit';
import type { FundKind } from './persistence/fund.repository';

const FUND_KINDS: readonly FundKind[] = ['CITY', 'TOWN', 'OTHER'];

/** A fund just created: no money yet. */
export class FundView {
  @ApiId.fund({ example: 'TOWN:TORCH' })
  readonly fundId!: string;

  @ApiProperty({ example: 'Torch zone fund' })
  readonly name!: string;

  @ApiProperty({
    enum: FUND_KINDS,
    example: 'TOWN',
    description: 'Follows from the fundId: `CITY`, `TOWN:<code>`, or another fund code',
  })
  readonly kind!: FundKind;

  @ApiProperty({ type: 'string', nullable: true, example: 'TORCH' })
  readonly townCode!: string | null;

  @ApiFen({ example: '0', description: 'What the fund can hold for claims now (fen)' })
  readonly availableFen!: string;
}

/** A claim's part waiting for the fund's money, in the order parts are filled. */
export class FundQueueItemView {
  @ApiProperty({ type: 'integer', example: 1 })
  readonly seq!: number;

  @ApiId.claim()
  readonly claimId!: string;

  @ApiId.loan()
  readonly loanId!: string;

  @ApiFen({ example: '120000000' })
  readonly amountFen!: string;
}

/** A fund with what is available, held for claims, deposited and queued. */
export class FundBalanceView extends FundView {
  @ApiFen({ example: '2000000000', description: 'Held for claims, not yet paid out (fen)' })
  readonly heldFen!: string;

  @ApiFen({ example: '2000000000', description: 'Everything ever deposited (fen)' })
  readonly depositedFen!: string;

  @ApiFen({ example: '120000000', description: 'What the queue waits for (fen)' })
  readonly queuedFen!: string;

  @ApiProperty({ type: [FundQueueItemView], description: 'Parts waiting for money, in order' })
  readonly queue!: readonly FundQueueItemView[];
}

/** Money a deposit gave a queued part. */
export class DepositFillView {
  @ApiId.claim()
  readonly claimId!: string;

  @ApiFen({ example: '120000000' })
  readonly amountFen!: string;

  @ApiProperty({ example: true, description: 'The part has all its share held now' })
  readonly partCompleted!: boolean;
}

/** A deposit: the queue is filled first, oldest part first; the rest is available. */
export class DepositView {
  @ApiProperty({ example: '0195f3b2-0000-7000-8000-000000000002' })
  readonly depositId!: string;

  @ApiId.fund({ example: 'TOWN:TORCH' })
  readonly fundId!: string;

  @ApiFen({ example: '2000000000' })
  readonly amountFen!: string;

  @ApiFen({ example: '1880000000' })
  readonly availableAfterFen!: string;

  @ApiProperty({ type: [DepositFillView] })
  readonly fills!: readonly DepositFillView[];
}
