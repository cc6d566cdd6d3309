import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  FieldError,
  IdempotentWrite,
  ProblemException,
  Problems,
  PublicRoute,
} from '@riskpool/service-kit';
import { BULK_ROWS_MAX } from '../../loan-registry.tokens';
import { LoanCodes } from '../../loan-problems';
import { loanView, LoanView } from '../../loan.model';
import { LoanRepository } from '../../persistence/loan.repository';
import { BulkFormatError, parseBulkBody, ParsedRow } from './bulk-rows';
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
    let parsed: ParsedRow[];
    try {
      parsed = parseBulkBody(request.headers['content-type'], body);
    } catch (error) {
      if (error instanceof BulkFormatError)
        throw new ProblemException(
          400,
          LoanCodes.bulkInvalid,
          'Invalid bulk body',
          error.message,
          error.errors,
        );
      throw error;
    }
    if (parsed.length === 0) throw Problems.invalid([], 'The bulk body holds no rows.');
    if (parsed.length > this.bulkRowsMax)
      throw new ProblemException(
        413,
        'LOAN.BULK_TOO_LARGE',
        'Too many rows',
        `At most ${this.bulkRowsMax} rows per request; got ${parsed.length}.`,
      );
    const valid = parsed.filter((r): r is Extract<ParsedRow, { ok: true }> => r.ok);
    // Not one row could be read: bad input as a whole, refused before anything is recorded.
    if (valid.length === 0)
      throw new ProblemException(
        400,
        LoanCodes.bulkInvalid,
        'Invalid bulk body',
        'No row of the bulk body is valid.',
        parsed.flatMap((row) =>
          row.ok ? [] : row.errors.map((e) => ({ ...e, field: `rows[${row.row}].${e.field}` })),
        ),
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
