import { Body, Controller, Param, Post } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Identity, principalOf } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
  PublicRoute,
} from '@riskpool/service-kit';
import { httpContext } from '../kernel';
import { DepositHandler, DepositView } from './deposit.handler';

export class DepositDto {
  @IsFen({ positive: true })
  amountFen!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

@Controller('funds')
export class DepositController {
  constructor(private readonly handler: DepositHandler) {}

  @Post(':fundId/deposits')
  @PublicRoute('POST /funds/{fundId}/deposits')
  @IdempotentWrite()
  async deposit(
    @Param('fundId') fundId: string,
    @Body() body: DepositDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<DepositView> {
    const ctx = httpContext(currentUnitOfWork(), principalOf(identity), identity.businessDate);
    return this.handler.execute(ctx, {
      fundId,
      managerFundId: identity.scope,
      amountFen: BigInt(body.amountFen),
      ...(body.reference !== undefined ? { reference: body.reference } : {}),
    });
  }
}
