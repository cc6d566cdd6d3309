import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Identity } from '@riskpool/contracts';
import {
  ApiDate,
  ApiFen,
  CurrentIdentity,
  currentUnitOfWork,
  IsFen,
  PublicWrite,
} from '@riskpool/service-kit';
import { LOAN_STATUSES, LoanStatus } from '../../loan.model';
import { RepaymentResult, RepayLoanHandler } from './repay-loan.handler';

export class RepayLoanDto {
  @ApiFen({
    example: '100000000',
    description: 'The amount repaid (fen): 1 to what is outstanding',
  })
  @IsFen({ positive: true })
  amountFen!: string;
}

export class RepaymentView implements RepaymentResult {
  @ApiProperty({ example: '0195f3a4-2b3c-7d4e-8f5a-6b7c8d9e0f1a' })
  readonly repaymentId!: string;

  @ApiProperty({ example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10' })
  readonly loanId!: string;

  @ApiFen({ example: '100000000' })
  readonly amountFen!: string;

  @ApiFen({ example: '700000000', description: 'What is outstanding after it (fen)' })
  readonly outstandingFen!: string;

  @ApiProperty({
    enum: LOAN_STATUSES,
    example: 'REGISTERED',
    description: '`CLOSED` when nothing is outstanding any more',
  })
  readonly status!: LoanStatus;

  @ApiDate({ example: '2026-03-01', description: 'The business date of the repayment' })
  readonly repaidOn!: string;
}

@ApiTags('loans')
@Controller()
export class RepayLoanHttpController {
  constructor(private readonly handler: RepayLoanHandler) {}

  @PublicWrite(
    'POST /loans/{loanId}/repayments',
    {
      operationId: 'repayLoan',
      summary: 'Report a repayment; at zero outstanding the loan closes',
      description:
        'While the loan is REGISTERED (else 409). More than what is outstanding is 422 naming `amountFen`.',
    },
    { created: { type: RepaymentView, description: 'The repayment and the loan after it' } },
    422,
  )
  repay(
    @Param('loanId') loanId: string,
    @Body() body: RepayLoanDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RepaymentResult> {
    return this.handler.repay(identity, loanId, body.amountFen, currentUnitOfWork());
  }
}
