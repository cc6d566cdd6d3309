import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  FieldError,
  IdempotentWrite,
  PageKeys,
  pageOf,
  PageQuery,
  pageRequest,
  Problems,
  PublicRoute,
  readBulkRows,
} from '@riskpool/service-kit';
import { SubsidyConfig } from '../config/subsidy.config';
import { ReadScope, StoredReport, SubsidyRepository } from '../persistence/subsidy.repository';
import { subsidyContext } from '../subsidy-context';
import { INTEREST_REPORT_BULK_FORMAT } from './bulk-rows';
import { InterestReportDto } from './interest-report.dto';
import { InterestReportView, ReportInterestHandler, reportView } from './report-interest.handler';

export const SUBSIDY_CONFIG = Symbol('SUBSIDY_CONFIG');

export class ListInterestReportsQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  loanId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  roundId?: string;
}

export interface BulkRowResult {
  readonly row: number;
  readonly status: 'ACCEPTED' | 'REFUSED';
  readonly loanId?: string;
  readonly reportId?: string;
  readonly requestedFen?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
}

/** A bank reads its own loans' reports; a fund manager those with a share of its fund. */
export function readScope(identity: Identity): ReadScope {
  if (identity.role === 'bank') return { bankId: identity.scope ?? '' };
  if (identity.role === 'fund-manager') return { fundId: identity.scope ?? '' };
  return {};
}

@Controller('subsidy/interest-reports')
export class InterestReportsHttpController {
  constructor(
    private readonly handler: ReportInterestHandler,
    private readonly repository: SubsidyRepository,
    private readonly dataSource: DataSource,
    @Inject(SUBSIDY_CONFIG) private readonly config: SubsidyConfig,
  ) {}

  @Post()
  @PublicRoute('POST /subsidy/interest-reports')
  @IdempotentWrite()
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
  @Post('bulk')
  @HttpCode(200)
  @PublicRoute('POST /subsidy/interest-reports/bulk')
  @IdempotentWrite()
  async reportBulk(
    @Body() body: unknown,
    @Req() request: Request,
    @CurrentIdentity() identity: Identity,
  ): Promise<{ rows: number; accepted: number; refused: number; results: BulkRowResult[] }> {
    const { parsed } = readBulkRows(
      INTEREST_REPORT_BULK_FORMAT,
      request.headers['content-type'],
      body,
      this.config.SUBSIDY_BULK_ROWS_MAX,
    );
    const ctx = subsidyContext(currentUnitOfWork(), identity);
    const results: BulkRowResult[] = [];
    for (const row of parsed) {
      if (!row.ok) {
        results.push({
          row: row.row,
          status: 'REFUSED',
          code: 'REQUEST.INVALID',
          errors: row.errors,
        });
        continue;
      }
      const outcome = await this.handler.report(ctx, row.dto);
      results.push(
        outcome.kind === 'accepted'
          ? {
              row: row.row,
              status: 'ACCEPTED',
              loanId: row.dto.loanId,
              reportId: outcome.report.reportId,
              requestedFen: outcome.report.requestedFen,
            }
          : {
              row: row.row,
              status: 'REFUSED',
              loanId: row.dto.loanId,
              code: outcome.problem.code,
              errors: outcome.problem.errors,
            },
      );
    }
    const accepted = results.filter((r) => r.status === 'ACCEPTED').length;
    return { rows: results.length, accepted, refused: results.length - accepted, results };
  }

  @Get()
  @PublicRoute('GET /subsidy/interest-reports')
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: ListInterestReportsQuery,
  ): Promise<{ items: readonly InterestReportView[]; nextCursor: string | null }> {
    const page = pageRequest(query, PageKeys.seq);
    const m = this.dataSource.manager;
    const reports = await this.repository.listReports(m, {
      ...readScope(identity),
      ...(query.loanId !== undefined ? { loanId: query.loanId } : {}),
      ...(query.roundId !== undefined ? { roundId: query.roundId } : {}),
      afterNo: Number(page.after ?? 0),
      limit: page.limit + 1,
    });
    const shares = await this.repository.sharesOf(
      m,
      reports.map((r) => r.reportId),
    );
    return pageOf(
      reports,
      page,
      (r) => reportView(r, shares),
      (r: StoredReport) => String(r.reportNo),
    );
  }

  @Get(':reportId')
  @PublicRoute('GET /subsidy/interest-reports/{reportId}')
  async get(
    @Param('reportId') reportId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<InterestReportView> {
    const m = this.dataSource.manager;
    const report = await this.repository.findReport(m, reportId);
    if (report === undefined) throw Problems.notFound(`Interest report ${reportId}`);
    const shares = await this.repository.sharesOf(m, [reportId]);
    const scope = readScope(identity);
    const visible =
      (scope.bankId === undefined || report.bankId === scope.bankId) &&
      (scope.fundId === undefined || shares.some((s) => s.fundId === scope.fundId));
    if (!visible) throw Problems.notFound(`Interest report ${reportId}`);
    return reportView(report, shares);
  }
}
