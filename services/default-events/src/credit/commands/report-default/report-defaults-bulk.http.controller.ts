import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Request } from 'express';
import { Identity } from '@riskpool/contracts';
import {
  ApiRefusals,
  applyEachInSavepoint,
  BulkFormat,
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  ItemFieldError,
  Problems,
  PublicRoute,
  readBulkRows,
} from '@riskpool/service-kit';
import { CreditRepository } from '../../persistence/credit.repository';
import { ReportDefaultHandler } from './report-default.handler';
import { ReportDefaultDto } from './report-default.http.controller';

/** Most rows one `POST /defaults/bulk` takes (setting DEFAULTS_BULK_ROWS_MAX). */
export const DEFAULTS_BULK_ROWS_MAX = Symbol('DEFAULTS_BULK_ROWS_MAX');

/** One row of a month-end default file: the loan and what `POST /loans/{id}/defaults` takes. */
export class BulkDefaultRowDto extends ReportDefaultDto {
  @ApiProperty({ example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10' })
  @IsString()
  @Length(1, 128)
  loanId!: string;
}

const optionalNumber = (text: string): number | string =>
  /^[0-9]{1,9}$/.test(text) ? Number(text) : text;

export const DEFAULT_BULK_FORMAT: BulkFormat<BulkDefaultRowDto> = {
  dto: BulkDefaultRowDto,
  arrayKey: 'defaults',
  csvColumns: [
    'loanId',
    'outstandingAtDefaultFen',
    'daysPastDue',
    'reachedMinDaysPastDueOn',
    'accruedInterestFen',
    'costsFen',
  ],
  optionalCsvColumns: ['accruedInterestFen', 'costsFen'],
  fromCsv: (cell) => ({
    loanId: cell('loanId'),
    outstandingAtDefaultFen: cell('outstandingAtDefaultFen'),
    daysPastDue: optionalNumber(cell('daysPastDue')),
    reachedMinDaysPastDueOn: cell('reachedMinDaysPastDueOn'),
    ...(cell('accruedInterestFen') === ''
      ? {}
      : { accruedInterestFen: cell('accruedInterestFen') }),
    ...(cell('costsFen') === '' ? {} : { costsFen: cell('costsFen') }),
  }),
  invalidCode: 'CREDIT.BULK_INVALID',
  tooLargeCode: 'CREDIT.BULK_TOO_LARGE',
};

export class BulkDefaultRowResult {
  @ApiProperty({ type: 'integer', example: 1, description: 'The row, from 1, in the order sent' })
  readonly row!: number;

  @ApiProperty({
    enum: ['REPORTED', 'REPEATED', 'REFUSED'],
    example: 'REPORTED',
    description:
      'REPORTED: a new default; REPEATED: the same report was already open (nothing changed); REFUSED: nothing changed for this row',
  })
  readonly status!: 'REPORTED' | 'REPEATED' | 'REFUSED';

  @ApiPropertyOptional({ example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10' })
  readonly loanId?: string;

  @ApiPropertyOptional({ example: '0195f3b0-1d2e-7c4f-8a9b-0c1d2e3f4a5b' })
  readonly defaultId?: string;

  @ApiPropertyOptional({ example: 'CREDIT.DEFAULT_TOO_EARLY', description: 'Why it was refused' })
  readonly code?: string;

  @ApiPropertyOptional({ type: [ItemFieldError] })
  readonly errors?: readonly ItemFieldError[];
}

export class BulkDefaultResult {
  @ApiProperty({ type: 'integer', example: 1 })
  readonly rows!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  readonly reported!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  readonly repeated!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  readonly refused!: number;

  @ApiProperty({ type: [BulkDefaultRowResult] })
  readonly results!: readonly BulkDefaultRowResult[];
}

const csvExample =
  'loanId,outstandingAtDefaultFen,daysPastDue,reachedMinDaysPastDueOn\n' +
  '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10,600000000,95,2026-02-20\n';

const jsonLinesExample = `${JSON.stringify({
  loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
  outstandingAtDefaultFen: '600000000',
  daysPastDue: 95,
  reachedMinDaysPastDueOn: '2026-02-20',
})}\n`;

@ApiTags('credit events')
@ApiExtraModels(BulkDefaultRowDto)
@Controller('defaults')
export class ReportDefaultsBulkHttpController {
  constructor(
    private readonly handler: ReportDefaultHandler,
    private readonly repository: CreditRepository,
    @Inject(DEFAULTS_BULK_ROWS_MAX) private readonly rowsMax: number,
  ) {}

  /**
   * A bank's month-end default file. One transaction with the idempotency record and the outbox:
   * each row is judged by exactly the rules of `POST /loans/{loanId}/defaults`; a refused row
   * changes nothing and does not stop the others. Another bank's loan is refused as unknown.
   */
  @Post('bulk')
  @HttpCode(200)
  @PublicRoute('POST /defaults/bulk')
  @ApiOperation({
    operationId: 'reportDefaultsBulk',
    summary: 'Report up to 10,000 defaults from JSON lines or CSV; one result per row',
    description:
      'A month-end default file. CSV with a header row (loanId, outstandingAtDefaultFen, daysPastDue, reachedMinDaysPastDueOn, optional accruedInterestFen and costsFen), JSON lines (one object per line: loanId and the fields of reportDefault) or JSON {"defaults": [...]}. Each row is judged by the rules of reportDefault; a refused row changes nothing and does not stop the others.',
    requestBody: {
      required: true,
      content: {
        'text/csv': { schema: { type: 'string' }, example: csvExample },
        'application/x-ndjson': { schema: { type: 'string' }, example: jsonLinesExample },
      },
    },
  })
  @ApiOkResponse({ type: BulkDefaultResult, description: 'One result per row' })
  @ApiRefusals(413)
  @IdempotentWrite()
  async reportBulk(
    @Body() body: unknown,
    @Req() request: Request,
    @CurrentIdentity() identity: Identity,
  ): Promise<BulkDefaultResult> {
    const { parsed } = readBulkRows(
      DEFAULT_BULK_FORMAT,
      request.headers['content-type'],
      body,
      this.rowsMax,
    );
    const uow = currentUnitOfWork();
    // The policy versions are the same for every row of one request: read them once.
    const policies = await this.repository.policies(uow.manager);
    const outcomes = await applyEachInSavepoint(uow, parsed, (row, item) => {
      if (!row.ok) throw Problems.invalid(row.errors);
      return this.handler.report(identity, row.dto.loanId, row.dto, item, policies);
    });
    const results = parsed.map((row, index): BulkDefaultRowResult => {
      const outcome = outcomes[index];
      const loanId = row.ok ? { loanId: row.dto.loanId } : {};
      if (outcome === undefined) throw new Error(`no outcome for row ${row.row}`);
      return outcome.ok
        ? {
            row: row.row,
            status: outcome.value.repeated ? 'REPEATED' : 'REPORTED',
            ...loanId,
            defaultId: outcome.value.episode.defaultId,
          }
        : {
            row: row.row,
            status: 'REFUSED',
            ...loanId,
            code: outcome.code,
            errors: outcome.errors,
          };
    });
    const count = (status: BulkDefaultRowResult['status']): number =>
      results.filter((r) => r.status === status).length;
    return {
      rows: results.length,
      reported: count('REPORTED'),
      repeated: count('REPEATED'),
      refused: count('REFUSED'),
      results,
    };
  }
}
