import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  FieldError,
  IdempotentWrite,
  PublicRoute,
  readBulkRows,
} from '@riskpool/service-kit';
import { BULK_ROWS_MAX } from '../../loan-registry.tokens';
import { loanView, LoanView } from '../../loan.model';
import { LoanRepository } from '../../persistence/loan.repository';
import { LOAN_BULK_FORMAT } from './bulk-rows';
import { RegisterLoanDto } from './register-loan.dto';
import { RegisterLoansHandler } from './register-loans.handler';

export interface BulkRowResult {
  readonly row: number;
  readonly status: 'REGISTERED' | 'EXISTING' | 'REFUSED';
  readonly bankReference?: string;
  readonly loanId?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
}

export interface BulkResult {
  readonly rows: number;
  readonly registered: number;
  readonly existing: number;
  readonly refused: number;
  readonly results: readonly BulkRowResult[];
}

@Controller('loans')
export class RegisterLoanHttpController {
  constructor(
    private readonly handler: RegisterLoansHandler,
    private readonly loans: LoanRepository,
    @Inject(BULK_ROWS_MAX) private readonly bulkRowsMax: number,
  ) {}

  /** 201 with the new loan; 200 with the same loan when the same registration is repeated. */
  @Post()
  @PublicRoute('POST /loans')
  @IdempotentWrite()
  async register(
    @Body() body: RegisterLoanDto,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoanView> {
    const uow = currentUnitOfWork();
    const [outcome] = await this.handler.register(identity, [body], uow);
    if (outcome === undefined) throw new Error('no outcome for the registration');
    if (outcome.kind === 'refused') throw outcome.problem;
    if (outcome.kind === 'registered') return loanView(outcome.loan);
    const loan = await this.loans.find(uow.manager, outcome.loanId);
    if (loan === undefined) throw new Error(`loan ${outcome.loanId} vanished`);
    response.status(200);
    return loanView(loan);
  }

  /**
   * Up to BULK_ROWS_MAX rows as JSON lines or CSV; one result per row, in order. The whole
   * request is one transaction (with its idempotency record and outbox rows): the good rows
   * commit together, a bad row is reported and skipped. A body without one readable row is
   * refused as a whole (400, each row's fields named `rows[N].field`) and records nothing.
   */
  @Post('bulk')
  @HttpCode(200)
  @PublicRoute('POST /loans/bulk')
  @IdempotentWrite()
  async registerBulk(
    @Body() body: unknown,
    @Req() request: Request,
    @CurrentIdentity() identity: Identity,
  ): Promise<BulkResult> {
    const { parsed, valid } = readBulkRows(
      LOAN_BULK_FORMAT,
      request.headers['content-type'],
      body,
      this.bulkRowsMax,
    );
    const outcomes = await this.handler.register(
      identity,
      valid.map((r) => r.dto),
      currentUnitOfWork(),
    );
    const byRow = new Map(valid.map((r, i) => [r.row, outcomes[i]]));
    const results: BulkRowResult[] = parsed.map((row) => {
      if (!row.ok)
        return { row: row.row, status: 'REFUSED', code: 'REQUEST.INVALID', errors: row.errors };
      const outcome = byRow.get(row.row);
      const bankReference = row.dto.bankReference;
      if (outcome === undefined) throw new Error(`no outcome for row ${row.row}`);
      switch (outcome.kind) {
        case 'registered':
          return { row: row.row, status: 'REGISTERED', bankReference, loanId: outcome.loan.loanId };
        case 'existing':
          return { row: row.row, status: 'EXISTING', bankReference, loanId: outcome.loanId };
        case 'refused':
          return {
            row: row.row,
            status: 'REFUSED',
            bankReference,
            code: outcome.problem.code,
            errors: outcome.problem.errors,
          };
      }
    });
    const count = (status: BulkRowResult['status']) =>
      results.filter((r) => r.status === status).length;
    return {
      rows: results.length,
      registered: count('REGISTERED'),
      existing: count('EXISTING'),
      refused: count('REFUSED'),
      results,
    };
  }
}
