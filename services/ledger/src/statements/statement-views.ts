// What the statement routes answer (`GET /statements...`, `POST /admin/statements`): the one
// declaration of each shape, documented for the public API.
import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '@riskpool/service-kit';
import { ApiSeq } from '../queries/ledger-views';

export const STATEMENT_FORMATS = ['csv', 'pdf-zh-CN', 'pdf-en'] as const;
const STATEMENT_ID = 'fund-monthly-TOWN-XIAOLAN-2026-06';

/** A file of a statement as issued (its content: `GET /statements/{id}/files/{format}`). */
export class StatementFileView {
  @ApiProperty({ enum: STATEMENT_FORMATS, example: 'csv' })
  readonly format!: (typeof STATEMENT_FORMATS)[number];

  @ApiProperty({ example: `${STATEMENT_ID}.csv` })
  readonly fileName!: string;

  @ApiProperty({
    enum: ['text/csv; charset=utf-8', 'application/pdf'],
    example: 'text/csv; charset=utf-8',
  })
  readonly contentType!: string;

  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    example: '18ac3e7343f016890c510e93f935261169d9e3f565436429830faf0934f4f8e4',
    description: 'SHA-256 of the file as issued, hex (what its ANCHOR entry holds)',
  })
  readonly sha256!: string;

  @ApiProperty({ type: 'integer', example: 1480 })
  readonly bytes!: number;
}

/** docs/domain.md §10: a statement, the period its figures cover and its files. */
export class StatementView {
  @ApiProperty({ example: STATEMENT_ID })
  readonly statementId!: string;

  @ApiProperty({
    enum: ['FUND_MONTHLY', 'BANK_MONTHLY', 'PROGRAMME_MONTHLY', 'PROGRAMME_ANNUAL'],
    example: 'FUND_MONTHLY',
  })
  readonly kind!: string;

  @ApiProperty({ enum: ['fund', 'bank', 'programme'], example: 'fund' })
  readonly subjectType!: 'fund' | 'bank' | 'programme';

  @ApiProperty({ example: 'TOWN:XIAOLAN', description: 'A fund id, a bank id or PROGRAMME' })
  readonly subjectId!: string;

  @ApiProperty({ example: '2026-06', description: 'YYYY-MM (monthly) or YYYY (annual)' })
  readonly period!: string;

  @ApiSeq('0', 'The figures cover the entries (openingSeq, closingSeq]')
  readonly openingSeq!: string;

  @ApiSeq('42')
  readonly closingSeq!: string;

  @ApiTimestamp({ example: '2026-07-01T00:00:05.000Z' })
  readonly issuedAt!: string;

  @ApiProperty({
    example: '0195f3d0-0000-7000-8000-000000000009',
    description: 'The ledger.statement-issued.v1 event',
  })
  readonly eventId!: string;

  @ApiProperty({ type: [StatementFileView] })
  readonly files!: StatementFileView[];
}

/** An ANCHOR journal entry holding a file's SHA-256. */
export class StatementAnchorView {
  @ApiSeq('43')
  readonly seq!: string;

  @ApiProperty({ example: `${STATEMENT_ID}.csv` })
  readonly documentName!: string;
}

export class StatementDetailView extends StatementView {
  @ApiProperty({
    type: [StatementAnchorView],
    description: 'The ANCHOR entries of the files, once the ledger has booked them',
  })
  readonly anchors!: StatementAnchorView[];
}

export class IssuedStatementsView {
  @ApiProperty({ example: '2026-06' })
  readonly period!: string;

  @ApiProperty({ type: [StatementView] })
  readonly items!: StatementView[];
}
