import { Body, Controller, HttpCode, Inject, Param, Query, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { DomainError } from '@riskpool/domain';
import {
  ApiRefusals,
  CurrentIdentity,
  IdempotentWrite,
  Page,
  pageOf,
  PageQuery,
  pageRequest,
  ProblemException,
  Problems,
  PublicList,
  PublicRead,
  PublicRoute,
} from '@riskpool/service-kit';
import { ReadScope, scopeOf } from '../queries/scope';
import { StatementIssuer } from './statement-issuer';
import { CSV_HEADER } from './statement-csv';
import { StatementRow } from './statement-repository';
import {
  IssuedStatementsView,
  STATEMENT_FORMATS,
  StatementDetailView,
  StatementView,
} from './statement-views';

export class IssueStatementsDto {
  /** `YYYY-MM`, a month that has ended by the business date. */
  @ApiProperty({
    pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
    example: '2026-06',
    description: 'YYYY-MM: a month that has ended by the business date',
  })
  @IsString()
  period!: string;
}

const PERIOD = /^[0-9]{4}(-(0[1-9]|1[0-2]))?$/;
const FORMATS = STATEMENT_FORMATS;

/** The order key of the list (newest period first, then statement id): `period|statementId`. */
const STATEMENT_KEY = /^[0-9]{4}(-(0[1-9]|1[0-2]))?\|[A-Za-z0-9._:-]{1,128}$/;

/** The one paging contract (libs/service-kit paging) plus the list's filters. */
export class StatementListQuery extends PageQuery {
  @ApiPropertyOptional({ pattern: PERIOD.source, description: 'YYYY-MM or YYYY' })
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be YYYY-MM or YYYY' })
  period?: string;

  @ApiPropertyOptional({ enum: ['fund', 'bank', 'programme'], description: 'The subject’s kind' })
  @IsOptional()
  @IsIn(['fund', 'bank', 'programme'], { message: 'kind must be fund, bank or programme' })
  kind?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'A fund id, a bank id or PROGRAMME' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  subject?: string;
}

/** A bank sees its statements, a fund manager its fund's, the regulator all (docs/domain.md §1). */
function inScope(scope: ReadScope, row: StatementRow): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'bank') return row.subjectType === 'bank' && row.subjectId === scope.bankId;
  return row.subjectType === 'fund' && row.subjectId === scope.fundId;
}

function view(row: StatementRow): Omit<StatementView, 'files'> {
  return {
    statementId: row.statementId,
    kind: row.kind,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    period: row.period,
    openingSeq: row.openingSeq.toString(),
    closingSeq: row.closingSeq.toString(),
    issuedAt: row.issuedAt,
    eventId: row.eventId,
  };
}

/** Statements (README "Statements"): list, one with its files and anchors, a file as issued. */
@ApiTags('statements')
@Controller()
export class StatementsHttpController {
  constructor(@Inject(StatementIssuer) private readonly issuer: StatementIssuer) {}

  @PublicList(
    'GET /statements',
    {
      operationId: 'listStatements',
      summary:
        'Statements issued, newest period first (a bank its own, a fund manager its fund’s, the regulator all)',
    },
    StatementView,
    'A page of statements',
  )
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: StatementListQuery,
  ): Promise<Page<StatementView>> {
    const scope = scopeOf(identity);
    const request = pageRequest(query, STATEMENT_KEY);
    const [afterPeriod, afterId] = request.after?.split('|') ?? [];
    const { kind, subject, period } = query;
    // The caller's scope fixes the subject; a filter can only narrow it.
    const subjectType = scope.kind === 'all' ? kind : scope.kind;
    const subjectId =
      scope.kind === 'fund' ? scope.fundId : scope.kind === 'bank' ? scope.bankId : subject;
    if (
      scope.kind !== 'all' &&
      ((kind !== undefined && kind !== subjectType) ||
        (subject !== undefined && subject !== subjectId))
    )
      return { items: [], nextCursor: null };
    const rows = await this.issuer.repo.list({
      ...(subjectType !== undefined ? { subjectType } : {}),
      ...(subjectId !== undefined ? { subjectId } : {}),
      ...(period !== undefined ? { period } : {}),
      ...(afterPeriod !== undefined && afterId !== undefined
        ? { after: { period: afterPeriod, statementId: afterId } }
        : {}),
      limit: request.limit + 1,
    });
    return pageOf(
      rows,
      request,
      (r) => ({ ...view(r), files: r.files }),
      (r) => `${r.period}|${r.statementId}`,
    );
  }

  @PublicRead(
    'GET /statements/{statementId}',
    {
      operationId: 'getStatement',
      summary: 'A statement, its files and the journal entries anchoring their SHA-256',
    },
    { type: StatementDetailView, description: 'The statement' },
  )
  async one(
    @CurrentIdentity() identity: Identity,
    @Param('statementId') statementId: string,
  ): Promise<StatementDetailView> {
    const row = await this.visible(identity, statementId);
    const files = await this.issuer.repo.fileInfos(row.statementId);
    // The ANCHOR entries, once the ledger has booked the statement's event.
    const anchors = await this.issuer.repo.anchors(row.eventId);
    return { ...view(row), files, anchors };
  }

  @PublicRoute('GET /statements/{statementId}/files/{format}')
  @ApiOperation({
    operationId: 'downloadStatementFile',
    summary: 'A statement file as issued: csv, pdf-zh-CN or pdf-en',
    description:
      'Byte for byte the file whose SHA-256 the statement lists and its ANCHOR entry holds (header `x-content-sha256`); an attachment.',
  })
  @ApiParam({ name: 'format', enum: FORMATS })
  @ApiOkResponse({
    description: 'The file (CSV: UTF-8 with a byte order mark)',
    headers: {
      'content-disposition': {
        description: 'attachment; filename="<fileName>"',
        schema: { type: 'string' },
      },
      'x-content-sha256': {
        description: 'SHA-256 of the file, hex',
        schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    },
    content: {
      'text/csv': {
        schema: { type: 'string', description: 'RFC 4180, CRLF line ends, a header row' },
        example: `\uFEFF${CSV_HEADER.join(',')}\r\n`,
      },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async file(
    @CurrentIdentity() identity: Identity,
    @Param('statementId') statementId: string,
    @Param('format') format: string,
    @Res() response: Response,
  ): Promise<void> {
    if (!(FORMATS as readonly string[]).includes(format))
      throw Problems.invalid([
        {
          field: 'format',
          code: 'INVALID',
          message: `format must be one of ${FORMATS.join(', ')}`,
        },
      ]);
    await this.visible(identity, statementId);
    const file = await this.issuer.repo.file(statementId, format);
    if (file === undefined) throw Problems.notFound(`statement ${statementId} file ${format}`);
    response
      .status(200)
      .set({
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'x-content-sha256': file.sha256,
        'cache-control': 'private, max-age=0',
      })
      .end(file.content);
  }

  /** On demand: the statements of an ended month (the clock issues them by itself too). */
  @HttpCode(200)
  @PublicRoute('POST /admin/statements')
  @ApiTags('admin')
  @ApiOperation({
    operationId: 'issueStatements',
    summary:
      'Issue the statements of an ended month now (the business clock issues them by itself when a month ends)',
    description: 'A month not yet ended is 409; issuing a month again answers its statements.',
  })
  @ApiOkResponse({ type: IssuedStatementsView, description: 'The month’s statements' })
  @ApiRefusals(409)
  @IdempotentWrite()
  async issue(
    @Body() body: IssueStatementsDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<IssuedStatementsView> {
    let period: string;
    try {
      period = await this.issuer.issueMonth(body.period, identity.businessDate);
    } catch (error) {
      if (error instanceof DomainError)
        throw new ProblemException(
          error.code === 'STATEMENT.MONTH_NOT_ENDED' ? 409 : 400,
          error.code,
          error.code === 'STATEMENT.MONTH_NOT_ENDED' ? 'Conflict' : 'Bad Request',
          error.message,
          error.code === 'STATEMENT.INVALID_MONTH'
            ? [{ field: 'period', code: 'INVALID', message: 'period must be YYYY-MM (01-12)' }]
            : [],
        );
      throw error;
    }
    const rows = await this.issuer.repo.list({ period, limit: 1000 });
    return { period, items: rows.map((r) => ({ ...view(r), files: r.files })) };
  }

  private async visible(identity: Identity, statementId: string): Promise<StatementRow> {
    const scope = scopeOf(identity);
    const row = await this.issuer.repo.statement(statementId);
    // Another's statement answers as if it did not exist.
    if (row === undefined || !inScope(scope, row))
      throw Problems.notFound(`statement ${statementId}`);
    return row;
  }
}
