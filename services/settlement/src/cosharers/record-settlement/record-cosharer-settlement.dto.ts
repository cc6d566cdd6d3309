import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsFen } from '@riskpool/service-kit';

/** A settlement between a claim's lender and one of its co-sharers (docs/domain.md §8.4). */
export class RecordCosharerSettlementDto {
  /** The approved claim the money is for. */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  claimId!: string;

  /** The co-sharer named on the claim's loan. */
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, {
    message: 'partyId must be a co-sharer party id (A-Z, 0-9, _ and -)',
  })
  partyId!: string;

  /**
   * `COSHARER`: the co-sharer paid the lender its share of the claim's loss; `LENDER`: the lender
   * paid the co-sharer its part of recoveries after payout. The two are never netted.
   */
  @IsIn(['COSHARER', 'LENDER'])
  payer!: 'COSHARER' | 'LENDER';

  @IsFen({ positive: true })
  amountFen!: string;
}
