import { Controller, Get, Param, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, Problems, PublicRoute } from '@riskpool/service-kit';
import { LOAN_STATUSES, LoanStatus, loanView, LoanView } from '../loan.model';
import { LoanRepository } from '../persistence/loan.repository';

export class ListLoansQuery {
  @IsOptional()
  @IsIn(LOAN_STATUSES)
  status?: LoanStatus;

  @IsOptional()
  @Matches(/^[A-Z0-9_]{1,32}$/, { message: '$property must be an upper-case town code' })
  town?: string;

  /** Opaque: the `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: '$property is not a cursor from this API' })
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export interface LoanPage {
  readonly items: readonly LoanView[];
  readonly nextCursor: string | null;
}

const encodeCursor = (loanId: string) => Buffer.from(loanId, 'utf8').toString('base64url');
/** A cursor we did not issue (it does not decode to a loan id) is a 400, not a 500. */
export function decodeCursor(cursor: string): string {
  const loanId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (encodeCursor(loanId) !== cursor || !/^[0-9A-Za-z-]{1,64}$/.test(loanId))
    throw Problems.invalid([
      { field: 'cursor', code: 'cursor', message: 'cursor is not a cursor from this API' },
    ]);
  return loanId;
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
  ): Promise<LoanPage> {
    const limit = query.limit ?? 50;
    const rows = await this.loans.list(this.dataSource.manager, {
      ...(identity.role === 'bank' ? { bankId: identity.scope as string } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.town !== undefined ? { townCode: query.town } : {}),
      ...(query.cursor !== undefined ? { afterLoanId: decodeCursor(query.cursor) } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(loanView),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.loanId) : null,
    };
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
