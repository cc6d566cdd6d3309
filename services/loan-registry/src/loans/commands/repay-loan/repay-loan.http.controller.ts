import { Body, Controller, Param, Post } from '@nestjs/common';
import { Identity } from '@riskpool/contracts';
import {
  AllowRoles,
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
} from '@riskpool/service-kit';
import { RepaymentResult, RepayLoanHandler } from './repay-loan.handler';

export class RepayLoanDto {
  @IsFen({ positive: true })
  amountFen!: string;
}

@Controller('loans')
export class RepayLoanHttpController {
  constructor(private readonly handler: RepayLoanHandler) {}

  @Post(':loanId/repayments')
  @AllowRoles('bank')
  @IdempotentWrite()
  repay(
    @Param('loanId') loanId: string,
    @Body() body: RepayLoanDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RepaymentResult> {
    return this.handler.repay(identity, loanId, body.amountFen, currentUnitOfWork());
  }
}
