import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiFen, IsFen } from '@riskpool/service-kit';

/** A settlement between a claim's lender and one of its co-sharers (docs/domain.md §8.4). */
export class RecordCosharerSettlementDto {
  /** The approved claim the money is for. */
  @ApiProperty({
    minLength: 1,
    maxLength: 128,
    example: '0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f',
    description: 'The approved claim the money is for',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  claimId!: string;

  /** The co-sharer named on the claim's loan. */
  @ApiProperty({
    pattern: '^[A-Z0-9][A-Z0-9_-]{0,63}$',
    example: 'G-ZSGUAR',
    description: 'The co-sharer named on the claim’s loan',
  })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, {
    message: 'partyId must be a co-sharer party id (A-Z, 0-9, _ and -)',
  })
  partyId!: string;

  /**
   * `COSHARER`: the co-sharer paid the lender its share of the claim's loss; `LENDER`: the lender
   * paid the co-sharer its part of recoveries after payout. The two are never netted.
   */
  @ApiProperty({
    enum: ['COSHARER', 'LENDER'],
    example: 'COSHARER',
    description:
      'COSHARER: the co-sharer paid the lender its share of the loss; LENDER: the lender paid the co-sharer its part of recoveries after payout',
  })
  @IsIn(['COSHARER', 'LENDER'])
  payer!: 'COSHARER' | 'LENDER';

  @ApiFen({ example: '96000000', description: 'The amount paid (fen): 1 to what is outstanding' })
  @IsFen({ positive: true })
  amountFen!: string;
}
