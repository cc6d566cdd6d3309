import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsString } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { DomainError } from '@riskpool/domain';
import {
  CurrentIdentity,
  IdempotentWrite,
  ProblemException,
  Problems,
  PublicRoute,
} from '@riskpool/service-kit';
import { ReadScope, scopeOf } from '../queries/scope';
import { StatementIssuer } from './statement-issuer';
import { StatementRow } from './statement-repository';

export class IssueStatementsDto {
  /** `YYYY-MM`, a month that has ended by the business date. */
  @IsString()
  period!: string;
}

const PERIOD = /^[0-9]{4}(-(0[1-9]|1[0-2]))?$/;
const FORMATS = ['csv', 'pdf-zh-CN', 'pdf-en'] as const;

/** Opaque cursor: the last row's period and statement id. */
export function encodeCursor(row: { period: string; statementId: string }): string {
  return Buffer.from(`${row.period}|${row.statementId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { period: string; statementId: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [period, statementId] = text.split('|');
  if (
    period === undefined ||
    statementId === undefined ||
    !PERIOD.test(period) ||
    encodeCursor({ period, statementId }) !== cursor
  )
    throw Problems.invalid([
      { field: 'cursor', code: 'INVALID', message: 'cursor is not a nextCursor from this API' },
    ]);
  return { period, statementId };
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 50;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 200)
    throw Problems.invalid([{ field: 'limit', code: 'INVALID', message: 'limit must be 1..200' }]);
  return n;
}

/** A bank sees its statements, a fund manager its fund's, the regulator all (docs/domain.md §1). */
function inScope(scope: ReadScope, row: StatementRow): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'bank') return row.subjectType === 'bank' && row.subjectId === scope.bankId;
  return row.subjectType === 'fund' && row.subjectId === scope.fundId;
}

function view(row: StatementRow) {
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
@Controller('statements')
export class StatementsHttpController {
  constructor(@Inject(StatementIssuer) private readonly issuer: StatementIssuer) {}

  @Get()
  @PublicRoute('GET /statements')
  async list(
    @CurrentIdentity() identity: Identity,
    @Query('period') period?: string,
    @Query('kind') kind?: string,
    @Query('subject') subject?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ) {
    const scope = scopeOf(identity);
    if (period !== undefined && period !== '' && !PERIOD.test(period))
      throw Problems.invalid([
        { field: 'period', code: 'INVALID', message: 'period must be YYYY-MM or YYYY' },
      ]);
    if (kind !== undefined && kind !== '' && !['fund', 'bank', 'programme'].includes(kind))
      throw Problems.invalid([
        { field: 'kind', code: 'INVALID', message: 'kind must be fund, bank or programme' },
      ]);
    const size = parseLimit(limit);
    const after = cursor !== undefined && cursor !== '' ? decodeCursor(cursor) : undefined;
    // The caller's scope fixes the subject; a filter can only narrow it.
    const subjectType =
      scope.kind === 'fund' ? 'fund' : scope.kind === 'bank' ? 'bank' : kind || undefined;
    const subjectId =
      scope.kind === 'fund'
        ? scope.fundId
        : scope.kind === 'bank'
          ? scope.bankId
          : subject || undefined;
    if (
      scope.kind !== 'all' &&
      ((kind && kind !== subjectType) || (subject && subject !== subjectId))
    )
      return { items: [], nextCursor: null };
    const rows = await this.issuer.repo.list({
      ...(subjectType !== undefined ? { subjectType } : {}),
      ...(subjectId !== undefined ? { subjectId } : {}),
      ...(period ? { period } : {}),
      ...(after !== undefined ? { after } : {}),
      limit: size + 1,
    });
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ ...view(r), files: r.files })),
      nextCursor: rows.length > size && last !== undefined ? encodeCursor(last) : null,
    };
  }

  @Get(':statementId')
  @PublicRoute('GET /statements/{statementId}')
  async one(@CurrentIdentity() identity: Identity, @Param('statementId') statementId: string) {
    const row = await this.visible(identity, statementId);
    const files = await this.issuer.repo.fileInfos(row.statementId);
    // The ANCHOR entries, once the ledger has booked the statement's event.
    const anchors = await this.issuer.repo.anchors(row.eventId);
    return { ...view(row), files, anchors };
  }

  @Get(':statementId/files/:format')
  @PublicRoute('GET /statements/{statementId}/files/{format}')
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
  @Post()
  @HttpCode(200)
  @PublicRoute('POST /admin/statements')
  @IdempotentWrite()
  async issue(@Body() body: IssueStatementsDto, @CurrentIdentity() identity: Identity) {
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
