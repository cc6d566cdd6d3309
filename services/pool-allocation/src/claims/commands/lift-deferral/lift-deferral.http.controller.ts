import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, PublicWrite } from '@riskpool/service-kit';
import { writeContextOf } from '../../../shared/pool-context';
import { ClaimDetailView } from '../../queries/claim-view';
import { LiftDeferralHandler } from './lift-deferral.handler';

export class LiftDeferralDto {
  @ApiProperty({
    maxLength: 2000,
    example: 'NPL ratio reviewed with the bank; exposure acceptable',
  })
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

@ApiTags('claims')
@Controller()
export class LiftDeferralController {
  constructor(private readonly handler: LiftDeferralHandler) {}

  @PublicWrite(
    'POST /claims/{claimId}/lift-deferral',
    {
      operationId: 'liftClaimDeferral',
      summary: 'Lift the deferral of a claim the NPL breaker held (the city fund’s manager)',
    },
    { ok: { type: ClaimDetailView, description: 'The claim, OPEN again' } },
    409,
  )
  async lift(
    @Param('claimId') claimId: string,
    @Body() body: LiftDeferralDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<ClaimDetailView> {
    const ctx = writeContextOf(identity);
    return this.handler.execute(ctx, {
      claimId,
      fundId: identity.scope ?? '',
      reason: body.reason,
    });
  }
}
