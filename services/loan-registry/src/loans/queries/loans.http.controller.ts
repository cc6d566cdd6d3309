import { Controller, Param, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  inReadScope,
  Page,
  PageKeys,
  PageQuery,
  Problems,
  PublicList,
  PublicRead,
  readPage,
  readScopeOf,
} from '@riskpool/service-kit';
import { LOAN_STATUSES, LoanStatus } from '../loan.model';
import { loanView, LoanView } from '../loan.view';
import { LoanRepository } from '../persistence/loan.repository';

export class ListLoansQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LOAN_STATUSES, description: 'Only the loans in this status' })
  @IsOptional()
  @IsIn(LOAN_STATUSES)
  status?: LoanStatus;

  @ApiPropertyOptional({
    pattern: '^[A-Z0-9_]{1,32}$',
    description: 'Only the loans of enterprises in this town',
  })
  @IsOptional()
  @Matches(/^[A-Z0-9_]{1,32}$/, { message: '$property must be an upper-case town code' })
  town?: string;
}

/**
 * Reads. A bank sees only its own loans: another bank's loan answers 404 (not 403), so loan ids
 * cannot be probed. A regulator reads every loan.
 */
@ApiTags('loans')
@Controller()
export class LoansHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loans: LoanRepository,
  ) {}

  @PublicList(
    'GET /loans',
    {
      operationId: 'listLoans',
      summary: 'Loans in id order (a bank reads its own, the regulator all)',
      description: 'Paged (`cursor`, `limit` 1..500, default 50).',
    },
    LoanView,
    'A page of loans',
  )
  async list(
    @Query() query: ListLoansQuery,
    @CurrentIdentity() identity: Identity,
  ): Promise<Page<LoanView>> {
    return readPage(
      query,
      PageKeys.id,
      ({ after, rows }) =>
        // The repository's filter leaves out what is undefined.
        this.loans.list(this.dataSource.manager, {
          bankId: readScopeOf(identity).bankId,
          status: query.status,
          townCode: query.town,
          afterLoanId: after,
          limit: rows,
        }),
      (row) => row.loanId,
      (rows) => rows.map(loanView),
    );
  }

  @PublicRead(
    'GET /loans/{loanId}',
    {
      operationId: 'getLoan',
      summary: 'One loan',
      description: 'Another bank’s loan answers 404, like an unknown one.',
    },
    { type: LoanView, description: 'The loan' },
  )
  async get(
    @Param('loanId') loanId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<LoanView> {
    const loan = await this.loans.find(this.dataSource.manager, loanId);
    if (loan === undefined || !inReadScope(readScopeOf(identity), { bankId: loan.bankId }))
      throw Problems.notFound(`Loan ${loanId}`);
    return loanView(loan);
  }
}
