import { Body, Controller, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  countByStatus,
  CurrentIdentity,
  currentUnitOfWork,
  inReadScope,
  Page,
  PageKeys,
  PageQuery,
  Problems,
  PublicBulkWrite,
  PublicList,
  PublicRead,
  PublicWrite,
  readBulkRows,
  readPage,
  readScopeOf,
  refusalOf,
  rowResults,
} from '@riskpool/service-kit';
import { SubsidyConfig } from '../config/subsidy.config';
import { StoredReport, SubsidyRepository } from '../persistence/subsidy.repository';
import { subsidyContext } from '../subsidy-context';
import { INTEREST_REPORT_BULK_FORMAT } from './bulk-rows';
import { InterestReportDto } from './interest-report.dto';
import { InterestReportBulkResult, InterestReportView } from './interest-report-view';
import { ReportInterestHandler, reportView } from './report-interest.handler';

export const SUBSIDY_CONFIG = Symbol('SUBSIDY_CONFIG');

export class ListInterestReportsQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 128, description: 'Only the reports of this loan' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  loanId?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'Only the reports of this round' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  roundId?: string;
}

const BULK_CSV_EXAMPLE =
  'loanId,periodStart,periodEnd,interestPaidFen,outstandingAtStartFen,payeeAccountNo,payeeAccountName\n' +
  '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10,2026-01-01,2026-04-01,11835616,800000000,6222020200112233,"Xiaolan Optics Co., Ltd."\n';

const BULK_JSON_LINES_EXAMPLE = `${JSON.stringify({
  loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
  periodStart: '2026-01-01',
  periodEnd: '2026-04-01',
  interestPaidFen: '11835616',
  outstandingAtStartFen: '800000000',
  payeeAccountNo: '6222020200112233',
  payeeAccountName: 'Xiaolan Optics Co., Ltd.',
})}\n`;

@ApiTags('interest subsidy')
@Controller()
export class InterestReportsHttpController {
  constructor(
    private readonly handler: ReportInterestHandler,
    private readonly repository: SubsidyRepository,
    private readonly dataSource: DataSource,
    @Inject(SUBSIDY_CONFIG) private readonly config: SubsidyConfig,
  ) {}

  @PublicWrite(
    'POST /subsidy/interest-reports',
    {
      operationId: 'reportInterest',
      summary: 'Report the interest an enterprise paid on a loan for one period (bank)',
      description:
        'The subsidy requested is computed and fixed at once (docs/domain.md §9.3): rate cap, share and bonus, the enterprise’s annual cap, the split between the subsidy funds. Refused (422, every reason listed) when the period or the loan does not qualify; another bank’s loan answers 404.',
    },
    { created: { type: InterestReportView, description: 'The report and its subsidy' } },
    422,
  )
  async report(
    @Body() body: InterestReportDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<InterestReportView> {
    const outcome = await this.handler.report(subsidyContext(currentUnitOfWork(), identity), body);
    if (outcome.kind === 'refused') throw outcome.problem;
    return outcome.report;
  }

  /**
   * JSON lines or CSV, one result per row in order. One transaction: the accepted rows commit
   * together; a refused row is reported and changes nothing. No readable row at all: 400.
   */
  @PublicBulkWrite(
    'POST /subsidy/interest-reports/bulk',
    {
      operationId: 'reportInterestBulk',
      summary: 'Report interest from JSON lines, {"reports": [...]} or CSV; one result per row',
      description:
        'CSV with a header row naming loanId, periodStart, periodEnd, interestPaidFen, outstandingAtStartFen, payeeAccountNo, payeeAccountName and optionally roundId (any order); JSON lines, one reportInterest body a line. Each row is judged by the rules of reportInterest; a refused row writes nothing and does not stop the others. A body without one readable row is refused whole (400).',
      csvExample: BULK_CSV_EXAMPLE,
      jsonLinesExample: BULK_JSON_LINES_EXAMPLE,
    },
    InterestReportBulkResult,
  )
  async reportBulk(
    @Body() body: unknown,
    @Req() request: Request,
    @CurrentIdentity() identity: Identity,
  ): Promise<InterestReportBulkResult> {
    const { parsed } = readBulkRows(
      INTEREST_REPORT_BULK_FORMAT,
      request.headers['content-type'],
      body,
      this.config.SUBSIDY_BULK_ROWS_MAX,
    );
    const ctx = subsidyContext(currentUnitOfWork(), identity);
    const results = await rowResults(parsed, async (row) => {
      const outcome = await this.handler.report(ctx, row.dto);
      const loanId = row.dto.loanId;
      if (outcome.kind !== 'accepted') return { ...refusalOf(outcome.problem), loanId };
      const { reportId, requestedFen } = outcome.report;
      return { status: 'ACCEPTED' as const, loanId, reportId, requestedFen };
    });
    const counts = { accepted: 'ACCEPTED', refused: 'REFUSED' } as const;
    return { rows: results.length, ...countByStatus(results, counts), results };
  }

  @PublicList(
    'GET /subsidy/interest-reports',
    {
      operationId: 'listInterestReports',
      summary: "Interest reports in arrival order (a bank its loans', a manager its fund's)",
    },
    InterestReportView,
    'A page of reports',
  )
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: ListInterestReportsQuery,
  ): Promise<Page<InterestReportView>> {
    const m = this.dataSource.manager;
    return readPage(
      query,
      PageKeys.seq,
      ({ after, rows }) =>
        this.repository.listReports(m, {
          ...readScopeOf(identity),
          ...(query.loanId !== undefined ? { loanId: query.loanId } : {}),
          ...(query.roundId !== undefined ? { roundId: query.roundId } : {}),
          afterNo: Number(after ?? 0),
          limit: rows,
        }),
      (r: StoredReport) => String(r.reportNo),
      async (reports) => {
        const shares = await this.repository.sharesOf(
          m,
          reports.map((r) => r.reportId),
        );
        return reports.map((r) => reportView(r, shares));
      },
    );
  }

  @PublicRead(
    'GET /subsidy/interest-reports/{reportId}',
    {
      operationId: 'getInterestReport',
      summary: 'One interest report with its shares (granted and lapsed once its round closed)',
      description: 'Outside the caller’s scope a report answers 404, like an unknown one.',
    },
    { type: InterestReportView, description: 'The report' },
  )
  async get(
    @Param('reportId') reportId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<InterestReportView> {
    const m = this.dataSource.manager;
    const report = await this.repository.findReport(m, reportId);
    if (report === undefined) throw Problems.notFound(`Interest report ${reportId}`);
    const shares = await this.repository.sharesOf(m, [reportId]);
    const visible = inReadScope(readScopeOf(identity), {
      bankId: report.bankId,
      fundIds: shares.map((s) => s.fundId),
    });
    if (!visible) throw Problems.notFound(`Interest report ${reportId}`);
    return reportView(report, shares);
  }
}
