// What the interest report routes answer: the one declaration of each shape, documented for the
// public API (the gateway assembles its document from the subsidy service's own).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ApiBp,
  ApiDate,
  ApiFen,
  ApiId,
  ApiTimestamp,
  BulkAnswerOf,
  BulkItemResultOf,
} from '@riskpool/service-kit';

const LOAN_ID = '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10';
const REPORT_ID = '0195f3d1-0000-7000-8000-000000000011';

/** A subsidy fund's part of a report: requested, and once the round closed, granted and lapsed. */
export class InterestReportShareView {
  @ApiId.subsidyFund({ example: 'SUBSIDY:CITY' })
  readonly fundId!: string;

  @ApiBp({ example: 5000, description: 'The fund’s weight (bp)' })
  readonly weightBp!: number;

  @ApiFen({ example: '3106849' })
  readonly requestedFen!: string;

  @ApiFen({ nullable: true, example: null, description: 'Once the round closed (fen)' })
  readonly grantedFen!: string | null;

  @ApiFen({ nullable: true, example: null, description: 'Once the round closed (fen)' })
  readonly lapsedFen!: string | null;
}

/** docs/domain.md §9.2-9.3: a report and the subsidy computed from it when it was accepted. */
export class InterestReportView {
  @ApiProperty({ example: REPORT_ID })
  readonly reportId!: string;

  @ApiId.loan()
  readonly loanId!: string;

  @ApiId.bank()
  readonly bankId!: string;

  @ApiId.uscc({ description: 'The enterprise' })
  readonly uscc!: string;

  @ApiId.town()
  readonly townCode!: string;

  @ApiDate({ example: '2026-01-01' })
  readonly periodStart!: string;

  @ApiDate({ example: '2026-04-01', description: 'Exclusive' })
  readonly periodEnd!: string;

  @ApiProperty({ type: 'integer', example: 2026 })
  readonly periodYear!: number;

  @ApiProperty({ type: 'integer', example: 90 })
  readonly days!: number;

  @ApiFen({ example: '11835616' })
  readonly interestPaidFen!: string;

  @ApiFen({ example: '800000000' })
  readonly outstandingAtStartFen!: string;

  @ApiBp({ example: 600, description: 'The rate the interest implies (bp)' })
  readonly annualRateBp!: number;

  @ApiBp({ example: 450, description: 'The rate subsidised at most (bp)' })
  readonly eligibleRateBp!: number;

  @ApiFen({ example: '8876712', description: 'Interest at the eligible rate (fen)' })
  readonly interestCapFen!: string;

  @ApiFen({ example: '8876712' })
  readonly eligibleInterestFen!: string;

  @ApiBp({ example: 2000, description: 'Bonuses (bp)' })
  readonly bonusBp!: number;

  @ApiBp({ example: 7000, description: 'The share subsidised (bp)' })
  readonly shareBp!: number;

  @ApiFen({ example: '6213698', description: 'Before the enterprise’s annual cap (fen)' })
  readonly uncappedRequestedFen!: string;

  @ApiFen({ example: '50000000', description: 'What remained of the annual cap (fen)' })
  readonly annualRemainingFen!: string;

  @ApiFen({ example: '6213698', description: 'The subsidy requested (fen)' })
  readonly requestedFen!: string;

  @ApiProperty({ type: [String], example: [], description: 'The caps that bit' })
  readonly capReasons!: readonly string[];

  @ApiProperty({ example: '6222020200112233' })
  readonly payeeAccountNo!: string;

  @ApiProperty({ example: 'Xiaolan Optics Co., Ltd.' })
  readonly payeeAccountName!: string;

  @ApiId.policyVersion()
  readonly economicPolicyVersionId!: string;

  @ApiId.policyVersion()
  readonly proceduralPolicyVersionId!: string;

  @ApiProperty({ type: 'string', nullable: true, example: null, description: 'Its round' })
  readonly roundId!: string | null;

  @ApiDate({ example: '2026-04-02' })
  readonly reportedOn!: string;

  @ApiTimestamp({ example: '2026-04-02T01:00:00.000Z' })
  readonly reportedAt!: string;

  @ApiProperty({
    type: [InterestReportShareView],
    example: [
      {
        fundId: 'SUBSIDY:CITY',
        weightBp: 5000,
        requestedFen: '3106849',
        grantedFen: null,
        lapsedFen: null,
      },
      {
        fundId: 'SUBSIDY:TOWN:XIAOLAN',
        weightBp: 5000,
        requestedFen: '3106849',
        grantedFen: null,
        lapsedFen: null,
      },
    ],
  })
  readonly shares!: readonly InterestReportShareView[];
}

/** One row of a bulk report: accepted (its report) or refused (why, nothing written). */
export class InterestReportRowResult extends BulkItemResultOf({
  statuses: ['ACCEPTED', 'REFUSED'],
  fields: {
    loanId: ApiId.loan({ required: false }),
    reportId: ApiPropertyOptional({ example: REPORT_ID }),
    requestedFen: ApiFen({ required: false, example: '6213698' }),
  },
  refusedCodeExample: 'SUBSIDY.REPORT_REFUSED',
}) {}

export class InterestReportBulkResult extends BulkAnswerOf(
  InterestReportRowResult,
  { rows: 2, accepted: 1, refused: 1 },
  [
    {
      row: 1,
      status: 'ACCEPTED',
      loanId: LOAN_ID,
      reportId: REPORT_ID,
      requestedFen: '6213698',
    },
    {
      row: 2,
      status: 'REFUSED',
      loanId: LOAN_ID,
      code: 'SUBSIDY.REPORT_REFUSED',
      errors: [
        {
          field: 'interestPaidFen',
          code: 'NOT_POSITIVE',
          message: 'must be more than zero fen',
        },
      ],
    },
  ],
) {}
