import { Body, Controller, Inject, Req } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Request } from 'express';
import { Identity } from '@riskpool/contracts';
import {
  applyEachInSavepoint,
  BulkAnswerOf,
  BulkFormat,
  BulkItemResultOf,
  countByStatus,
  CurrentIdentity,
  currentUnitOfWork,
  PublicBulkWrite,
  readBulkRows,
  refusalOf,
  rowResults,
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

export class BulkDefaultRowResult extends BulkItemResultOf({
  statuses: ['REPORTED', 'REPEATED', 'REFUSED'],
  statusDescription:
    'REPORTED: a new default; REPEATED: the same report was already open (nothing changed); REFUSED: nothing changed for this row',
  fields: {
    loanId: ApiPropertyOptional({ example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10' }),
    defaultId: ApiPropertyOptional({ example: '0195f3b0-1d2e-7c4f-8a9b-0c1d2e3f4a5b' }),
  },
  refusedCodeExample: 'CREDIT.DEFAULT_TOO_EARLY',
}) {}

export class BulkDefaultResult extends BulkAnswerOf(BulkDefaultRowResult, {
  rows: 1,
  reported: 1,
  repeated: 0,
  refused: 0,
}) {}

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
@Controller()
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
  @PublicBulkWrite(
    'POST /defaults/bulk',
    {
      operationId: 'reportDefaultsBulk',
      summary: 'Report up to 10,000 defaults from JSON lines or CSV; one result per row',
      description:
        'A month-end default file. CSV with a header row (loanId, outstandingAtDefaultFen, daysPastDue, reachedMinDaysPastDueOn, optional accruedInterestFen and costsFen), JSON lines (one object per line: loanId and the fields of reportDefault) or JSON {"defaults": [...]}. Each row is judged by the rules of reportDefault; a refused row changes nothing and does not stop the others.',
      csvExample,
      jsonLinesExample,
    },
    BulkDefaultResult,
  )
  async reportBulk(
    @Body() body: unknown,
    @Req() request: Request,
    @CurrentIdentity() identity: Identity,
  ): Promise<BulkDefaultResult> {
    const { parsed, valid } = readBulkRows(
      DEFAULT_BULK_FORMAT,
      request.headers['content-type'],
      body,
      this.rowsMax,
    );
    const uow = currentUnitOfWork();
    // The policy versions are the same for every row of one request: read them once.
    const policies = await this.repository.policyStore.policies(uow.manager);
    const outcomes = await applyEachInSavepoint(uow, valid, (row, item) =>
      this.handler.report(identity, row.dto.loanId, row.dto, item, policies),
    );
    const byRow = new Map(valid.map((row, index) => [row.row, outcomes[index]]));
    const results = await rowResults(parsed, (row) => {
      const outcome = byRow.get(row.row);
      if (outcome === undefined) throw new Error(`no outcome for row ${row.row}`);
      const loanId = row.dto.loanId;
      if (!outcome.ok) return { ...refusalOf(outcome), loanId };
      const { repeated, episode } = outcome.value;
      const status = repeated ? ('REPEATED' as const) : ('REPORTED' as const);
      return { status, loanId, defaultId: episode.defaultId };
    });
    const counts = { reported: 'REPORTED', repeated: 'REPEATED', refused: 'REFUSED' } as const;
    return { rows: results.length, ...countByStatus(results, counts), results };
  }
}
