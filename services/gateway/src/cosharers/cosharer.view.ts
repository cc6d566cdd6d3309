import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiTimestamp } from '@riskpool/service-kit';

export type CoSharerPartyKind = 'GUARANTOR' | 'INSURER' | 'VALUER';

export const COSHARER_KINDS: readonly CoSharerPartyKind[] = ['GUARANTOR', 'INSURER', 'VALUER'];

/** A co-sharer party (docs/domain.md §8.4) as the gateway admitted it. */
export class CoSharerView {
  @ApiId.party()
  readonly partyId!: string;

  @ApiProperty({ example: 'Zhongshan Technology Financing Guarantee Co.' })
  readonly name!: string;

  @ApiProperty({ enum: COSHARER_KINDS, example: 'GUARANTOR' })
  readonly kind!: CoSharerPartyKind;

  @ApiTimestamp()
  readonly admittedAt!: string;
}
