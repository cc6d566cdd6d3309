import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Identity, principalOf } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  PublicRoute,
} from '@riskpool/service-kit';
import { httpContext } from '../kernel';
import { ClaimDetailView } from '../../queries/claim-view';
import { LiftDeferralHandler } from './lift-deferral.handler';

export class LiftDeferralDto {
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

@Controller('claims')
export class LiftDeferralController {
  constructor(private readonly handler: LiftDeferralHandler) {}

  @Post(':claimId/lift-deferral')
  @HttpCode(200)
  @PublicRoute('POST /claims/{claimId}/lift-deferral')
  @IdempotentWrite()
  async lift(
    @Param('claimId') claimId: string,
    @Body() body: LiftDeferralDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<ClaimDetailView> {
    const ctx = httpContext(currentUnitOfWork(), principalOf(identity), identity.businessDate);
    return this.handler.execute(ctx, {
      claimId,
      fundId: identity.scope ?? '',
      reason: body.reason,
    });
  }
}
