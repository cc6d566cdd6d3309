import { Body, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Identity } from '@riskpool/contracts';
import {
  BulkAnswerOf,
  BulkItemResultOf,
  countByStatus,
  CurrentIdentity,
  currentUnitOfWork,
  PublicBulkWrite,
  PublicWrite,
  readBulkRows,
  refusalOf,
  rowResults,
} from '@riskpool/service-kit';
import { BULK_ROWS_MAX } from '../../loan-registry.tokens';
import { loanView, LoanView } from '../../loan.view';
import { LoanRepository } from '../../persistence/loan.repository';
import { LOAN_BULK_FORMAT } from './bulk-rows';
import { RegisterLoanDto } from './register-loan.dto';
import { RegisterLoansHandler } from './register-loans.handler';

export class BulkLoanRowResult extends BulkItemResultOf({
  statuses: ['REGISTERED', 'EXISTING', 'REFUSED'],
  statusDescription:
    'REGISTERED: a new loan; EXISTING: the same registration was already made (its loan); REFUSED: nothing registered for this row',
  fields: {
    bankReference: ApiPropertyOptional({ example: 'ZS-2026-0001' }),
    loanId: ApiPropertyOptional({ example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10' }),
  },
  refusedCodeExample: 'LOAN.QUOTA_EXCEEDED',
}) {}

export class BulkLoanResult extends BulkAnswerOf(
  BulkLoanRowResult,
  { rows: 2, registered: 1, existing: 0, refused: 1 },
  [
    {
      row: 1,
      status: 'REGISTERED',
      bankReference: 'ZS-2026-0001',
      loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
    },
    {
      row: 2,
      status: 'REFUSED',
      bankReference: 'ZS-2026-0002',
      code: 'LOAN.INELIGIBLE',
      errors: [
        {
          field: 'maturityDate',
          code: 'TERM_OVER_MAX',
          message: 'term of 61 months is above the most, 60',
        },
      ],
    },
  ],
) {}

const csvExample =
  'bankReference,uscc,enterpriseName,townCode,qualifications,principalFen,annualRateBp,disbursementDate,maturityDate,flags\n' +
  'ZS-2026-0001,91442000MA4UJ1T176,Torch Photonics Co.,TORCH,HNTE,800000000,385,2026-01-10,2029-01-10,IP_PLEDGE\n';

const jsonLinesExample = `${JSON.stringify({
  bankReference: 'ZS-2026-0001',
  enterprise: {
    uscc: '91442000MA4UJ1T176',
    name: 'Torch Photonics Co., Ltd.',
    townCode: 'TORCH',
    qualifications: ['HNTE'],
  },
  principalFen: '800000000',
  annualRateBp: 385,
  disbursementDate: '2026-01-10',
  maturityDate: '2029-01-10',
  flags: ['IP_PLEDGE'],
})}\n`;

@ApiTags('loans')
@Controller()
export class RegisterLoanHttpController {
  constructor(
    private readonly handler: RegisterLoansHandler,
    private readonly loans: LoanRepository,
    @Inject(BULK_ROWS_MAX) private readonly bulkRowsMax: number,
  ) {}

  /** 201 with the new loan; 200 with the same loan when the same registration is repeated. */
  @PublicWrite(
    'POST /loans',
    {
      operationId: 'registerLoan',
      summary: 'Register a loan in the pool (bank)',
      description:
        'Refused (422, every reason listed) when the enterprise or the loan is ineligible, the bank is not ACTIVE, its quota or the enterprise’s limit would be exceeded, or the town has no fund. The same registration again answers the same loan (200); the bank’s reference reused with other content is 409.',
    },
    {
      created: { type: LoanView, description: 'The loan, registered' },
      ok: { type: LoanView, description: 'The loan the same registration made before' },
    },
    422,
  )
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
  @PublicBulkWrite(
    'POST /loans/bulk',
    {
      operationId: 'registerLoansBulk',
      summary: 'Register up to 10,000 loans from JSON lines or CSV; one result per row',
      description:
        'CSV with a header row (bankReference, uscc, enterpriseName, townCode, qualifications, principalFen, annualRateBp, disbursementDate, maturityDate, optional flags; list cells separate codes with `|`), JSON lines (one registerLoan body per line) or JSON {"loans": [...]}. Each row is judged by the rules of registerLoan; a refused row registers nothing and does not stop the others. A body without one readable row is refused whole (400).',
      csvExample,
      jsonLinesExample,
    },
    BulkLoanResult,
  )
  async registerBulk(
    @Body() body: unknown,
    @Req() request: Request,
    @CurrentIdentity() identity: Identity,
  ): Promise<BulkLoanResult> {
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
    const results = await rowResults(parsed, (row) => {
      const outcome = byRow.get(row.row);
      const bankReference = row.dto.bankReference;
      if (outcome === undefined) throw new Error(`no outcome for row ${row.row}`);
      switch (outcome.kind) {
        case 'registered':
          return { status: 'REGISTERED' as const, bankReference, loanId: outcome.loan.loanId };
        case 'existing':
          return { status: 'EXISTING' as const, bankReference, loanId: outcome.loanId };
        case 'refused':
          return { ...refusalOf(outcome.problem), bankReference };
      }
    });
    const counts = { registered: 'REGISTERED', existing: 'EXISTING', refused: 'REFUSED' } as const;
    return { rows: results.length, ...countByStatus(results, counts), results };
  }
}
