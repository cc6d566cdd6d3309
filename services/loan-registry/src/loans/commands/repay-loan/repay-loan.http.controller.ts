import { Body, Controller, Param, Post } from '@nestjs/common';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
  PublicRoute,
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
  @PublicRoute('POST /loans/{loanId}/repayments')
  @IdempotentWrite()
  repay(
    @Param('loanId') loanId: string,
    @Body() body: RepayLoanDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RepaymentResult> {
    return this.handler.repay(identity, loanId, body.amountFen, currentUnitOfWork());
  }
}
