import { JsonSchema, page, PAGING, ref, RouteDoc, TIMESTAMP } from '../route';

/** ledger: statements (docs/domain.md §10), their files as issued and the entries anchoring them. */
export const statementSchemas: Record<string, JsonSchema> = {
  StatementFile: {
    type: 'object',
    required: ['format', 'fileName', 'contentType', 'sha256', 'bytes'],
    properties: {
      format: { type: 'string', enum: ['csv', 'pdf-zh-CN', 'pdf-en'] },
      fileName: { type: 'string' },
      contentType: { type: 'string' },
      sha256: { type: 'string', description: 'SHA-256 of the file as issued, hex' },
      bytes: { type: 'integer' },
    },
  },
  Statement: {
    type: 'object',
    required: ['statementId', 'kind', 'subjectType', 'subjectId', 'period', 'files'],
    properties: {
      statementId: { type: 'string' },
      kind: {
        type: 'string',
        enum: ['FUND_MONTHLY', 'BANK_MONTHLY', 'PROGRAMME_MONTHLY', 'PROGRAMME_ANNUAL'],
      },
      subjectType: { type: 'string', enum: ['fund', 'bank', 'programme'] },
      subjectId: { type: 'string' },
      period: { type: 'string', description: 'YYYY-MM (monthly) or YYYY (annual)' },
      openingSeq: { type: 'string', description: 'figures cover entries (openingSeq, closingSeq]' },
      closingSeq: { type: 'string' },
      issuedAt: TIMESTAMP,
      eventId: { type: 'string', description: 'the ledger.statement-issued.v1 event' },
      files: { type: 'array', items: ref('StatementFile') },
      anchors: {
        type: 'array',
        description: 'The ANCHOR journal entries of the files (once the ledger booked them)',
        items: {
          type: 'object',
          properties: { seq: { type: 'string' }, documentName: { type: 'string' } },
        },
      },
    },
    additionalProperties: true,
  },
  StatementIssueRequest: {
    type: 'object',
    required: ['period'],
    properties: { period: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' } },
    additionalProperties: false,
  },
};

const statementExample = {
  statementId: 'fund-monthly-TOWN-XIAOLAN-2026-06',
  kind: 'FUND_MONTHLY',
  subjectType: 'fund',
  subjectId: 'TOWN:XIAOLAN',
  period: '2026-06',
  openingSeq: '0',
  closingSeq: '42',
  issuedAt: '2026-07-01T00:00:05.000Z',
  eventId: '0195f3d0-0000-7000-8000-000000000009',
  files: [
    {
      format: 'csv',
      fileName: 'fund-monthly-TOWN-XIAOLAN-2026-06.csv',
      contentType: 'text/csv; charset=utf-8',
      sha256: '9f86d081884c7d65...',
      bytes: 1480,
    },
  ],
};

export const statementRoutes: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/statements',
    operation: {
      operationId: 'listStatements',
      tag: 'statements',
      summary:
        'Statements issued, newest month first (a bank its own, a fund manager its fund’s, the regulator all)',
      query: [
        ...PAGING,
        { name: 'period', description: 'YYYY-MM or YYYY', schema: { type: 'string' } },
        {
          name: 'kind',
          description: 'fund, bank or programme',
          schema: { type: 'string', enum: ['fund', 'bank', 'programme'] },
        },
        {
          name: 'subject',
          description: 'fund id, bank id or PROGRAMME',
          schema: { type: 'string' },
        },
      ],
      response: {
        status: 200,
        description: 'A page of statements',
        schema: page('Statement'),
        example: { items: [statementExample], nextCursor: null },
      },
    },
  },
  {
    method: 'GET',
    path: '/statements/{statementId}',
    operation: {
      operationId: 'getStatement',
      tag: 'statements',
      summary: 'A statement, its files and the journal entries anchoring their SHA-256',
      response: {
        status: 200,
        description: 'The statement',
        schema: ref('Statement'),
        example: {
          ...statementExample,
          anchors: [{ seq: '43', documentName: 'fund-monthly-TOWN-XIAOLAN-2026-06.csv' }],
        },
      },
    },
  },
  {
    method: 'GET',
    path: '/statements/{statementId}/files/{format}',
    operation: {
      operationId: 'downloadStatementFile',
      tag: 'statements',
      summary: 'A statement file as issued: format csv, pdf-zh-CN or pdf-en',
      response: {
        status: 200,
        description: 'The file (CSV: UTF-8 with BOM; PDF)',
        contentType: 'application/octet-stream',
        schema: { type: 'string', format: 'binary' },
        example: '',
      },
    },
  },
  {
    method: 'POST',
    path: '/admin/statements',
    operation: {
      operationId: 'issueStatements',
      tag: 'admin',
      summary:
        'Issue the statements of an ended month now (the business clock issues them by itself when a month ends)',
      requestBody: {
        'application/json': {
          schema: ref('StatementIssueRequest'),
          example: { period: '2026-05' },
        },
      },
      response: {
        status: 200,
        description: 'The month’s statements',
        schema: {
          type: 'object',
          properties: {
            period: { type: 'string' },
            items: { type: 'array', items: ref('Statement') },
          },
        },
        example: { period: '2026-06', items: [statementExample] },
      },
    },
  },
];
