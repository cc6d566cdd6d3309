import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  Page,
  pageOf,
  PageQuery,
  pageRequest,
  Problems,
  PublicRoute,
} from '@riskpool/service-kit';
import { LOAN_STATUSES, LoanStatus, loanView, LoanView } from '../loan.model';
import { LoanRepository } from '../persistence/loan.repository';

export class ListLoansQuery extends PageQuery {
  @IsOptional()
  @IsIn(LOAN_STATUSES)
  status?: LoanStatus;

  @IsOptional()
  @Matches(/^[A-Z0-9_]{1,32}$/, { message: '$property must be an upper-case town code' })
  town?: string;
}

/**
 * Reads. A bank sees only its own loans: another bank's loan answers 404 (not 403), so loan ids
 * cannot be probed. A regulator reads every loan.
 */
@Controller('loans')
export class LoansHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loans: LoanRepository,
  ) {}

  @Get()
  @PublicRoute('GET /loans')
  async list(
    @Query() query: ListLoansQuery,
    @CurrentIdentity() identity: Identity,
  ): Promise<Page<LoanView>> {
    const page = pageRequest(query);
    const rows = await this.loans.list(this.dataSource.manager, {
      ...(identity.role === 'bank' ? { bankId: identity.scope as string } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.town !== undefined ? { townCode: query.town } : {}),
      ...(page.after !== undefined ? { afterLoanId: page.after } : {}),
      limit: page.limit + 1,
    });
    return pageOf(rows, page, loanView, (row) => row.loanId);
  }

  @Get(':loanId')
  @PublicRoute('GET /loans/{loanId}')
  async get(
    @Param('loanId') loanId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<LoanView> {
    const loan = await this.loans.find(this.dataSource.manager, loanId);
    if (loan === undefined || (identity.role === 'bank' && loan.bankId !== identity.scope))
      throw Problems.notFound(`Loan ${loanId}`);
    return loanView(loan);
  }
}
