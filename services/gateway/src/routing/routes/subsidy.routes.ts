import { DATE, FEN, JsonSchema, page, PAGING, ref, RouteDoc, TIMESTAMP } from '../route';

/** subsidy: interest subsidy funds, banks' interest reports, rounds and grants (docs/domain.md §9). */
export const subsidySchemas: Record<string, JsonSchema> = {
  SubsidyFundRequest: {
    type: 'object',
    required: ['fundId', 'name'],
    properties: {
      fundId: { type: 'string', pattern: '^SUBSIDY:(CITY|TOWN:[A-Z0-9_]{1,32})$' },
      name: { type: 'string' },
    },
    additionalProperties: false,
  },
  SubsidyDepositRequest: {
    type: 'object',
    required: ['amountFen'],
    properties: { amountFen: FEN, reference: { type: 'string' } },
    additionalProperties: false,
  },
  SubsidyFund: {
    type: 'object',
    required: ['fundId', 'availableFen', 'heldFen'],
    properties: {
      fundId: { type: 'string' },
      name: { type: 'string' },
      townCode: { type: ['string', 'null'] },
      availableFen: FEN,
      heldFen: FEN,
      depositedFen: FEN,
      paidFen: FEN,
    },
    additionalProperties: true,
  },
  InterestReportRequest: {
    type: 'object',
    required: [
      'loanId',
      'periodStart',
      'periodEnd',
      'interestPaidFen',
      'outstandingAtStartFen',
      'payeeAccountNo',
      'payeeAccountName',
    ],
    properties: {
      loanId: { type: 'string' },
      periodStart: DATE,
      periodEnd: { ...DATE, description: 'Exclusive: the period is [periodStart, periodEnd).' },
      interestPaidFen: FEN,
      outstandingAtStartFen: FEN,
      payeeAccountNo: { type: 'string', pattern: '^[0-9]{10,32}$' },
      payeeAccountName: { type: 'string', maxLength: 120 },
      roundId: { type: 'string', description: 'Optional: the open round meant.' },
    },
    additionalProperties: false,
  },
  InterestReport: {
    type: 'object',
    required: ['reportId', 'loanId', 'requestedFen', 'shares'],
    description: 'The report with its computation: rate cap, share and bonus, annual cap, split.',
    properties: {
      reportId: { type: 'string' },
      loanId: { type: 'string' },
      periodStart: DATE,
      periodEnd: DATE,
      days: { type: 'integer' },
      interestCapFen: FEN,
      eligibleInterestFen: FEN,
      shareBp: { type: 'integer' },
      requestedFen: FEN,
      capReasons: { type: 'array', items: { type: 'string' } },
      roundId: { type: ['string', 'null'] },
      reportedAt: TIMESTAMP,
      shares: { type: 'array', items: { type: 'object' } },
    },
    additionalProperties: true,
  },
  InterestReportBulkResult: {
    type: 'object',
    required: ['rows', 'accepted', 'refused', 'results'],
    properties: {
      rows: { type: 'integer' },
      accepted: { type: 'integer' },
      refused: { type: 'integer' },
      results: { type: 'array', items: { type: 'object' } },
    },
    additionalProperties: true,
  },
  SubsidyRoundRequest: {
    type: 'object',
    required: ['from', 'to'],
    description: "The round takes reports whose period's last day is in [from, to).",
    properties: { from: DATE, to: DATE },
    additionalProperties: false,
  },
  SubsidyRoundClose: {
    type: 'object',
    description: 'Closing takes the reports and the money as they stand; an optional note.',
    properties: { note: { type: 'string', maxLength: 500 } },
    additionalProperties: false,
  },
  SubsidyRoundDecision: {
    type: 'object',
    required: ['decision'],
    properties: {
      decision: { type: 'string', enum: ['APPROVE', 'RETURN'] },
      fundId: { type: 'string', description: "Defaults to the caller's fund." },
      reason: { type: 'string', description: 'Required with RETURN.' },
    },
    additionalProperties: false,
  },
  SubsidyRound: {
    type: 'object',
    required: ['roundId', 'from', 'to', 'status', 'funds'],
    properties: {
      roundId: { type: 'string' },
      from: DATE,
      to: DATE,
      status: { type: 'string', enum: ['OPEN', 'CLOSED', 'APPROVED'] },
      funds: {
        type: 'array',
        description: 'Per fund: available at closing, requested, granted, lapsed, decision.',
        items: { type: 'object' },
      },
    },
    additionalProperties: true,
  },
  SubsidyGrant: {
    type: 'object',
    required: ['reportId', 'loanId', 'fundId', 'requestedFen', 'grantedFen', 'lapsedFen'],
    properties: {
      roundId: { type: 'string' },
      reportId: { type: 'string' },
      loanId: { type: 'string' },
      fundId: { type: 'string' },
      requestedFen: FEN,
      grantedFen: FEN,
      lapsedFen: FEN,
    },
    additionalProperties: true,
  },
};

const loanId = '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10';
const roundId = '0195f3d0-0000-7000-8000-000000000010';
const reportId = '0195f3d1-0000-7000-8000-000000000011';
const fundExample = {
  fundId: 'SUBSIDY:TOWN:XIAOLAN',
  name: 'Xiaolan interest subsidy fund',
  townCode: 'XIAOLAN',
  availableFen: '3000000',
  heldFen: '0',
  depositedFen: '3000000',
  paidFen: '0',
};
const reportRequest = {
  loanId,
  periodStart: '2026-01-01',
  periodEnd: '2026-04-01',
  interestPaidFen: '11835616',
  outstandingAtStartFen: '800000000',
  payeeAccountNo: '6222020200112233',
  payeeAccountName: 'Xiaolan Optics Co., Ltd.',
};
const reportExample = {
  reportId,
  ...reportRequest,
  days: 90,
  interestCapFen: '8876712',
  eligibleInterestFen: '8876712',
  shareBp: 7000,
  requestedFen: '6213698',
  capReasons: [],
  roundId: null,
  reportedAt: '2026-04-02T09:00:00.000Z',
  shares: [
    { fundId: 'SUBSIDY:CITY', requestedFen: '3106849', grantedFen: null, lapsedFen: null },
    { fundId: 'SUBSIDY:TOWN:XIAOLAN', requestedFen: '3106849', grantedFen: null, lapsedFen: null },
  ],
};
const roundExample = {
  roundId,
  from: '2026-01-01',
  to: '2026-04-02',
  status: 'CLOSED',
  funds: [
    {
      fundId: 'SUBSIDY:TOWN:XIAOLAN',
      availableFen: '3000000',
      requestedFen: '3846575',
      grantedFen: '3000000',
      lapsedFen: '846575',
      proRata: true,
      decision: null,
    },
  ],
};
const grantExample = {
  roundId,
  reportId,
  loanId,
  fundId: 'SUBSIDY:TOWN:XIAOLAN',
  requestedFen: '3106849',
  grantedFen: '2423077',
  lapsedFen: '683772',
};
const TAG = 'interest subsidy';

const json = (schema: string, example: unknown) => ({
  'application/json': { schema: ref(schema), example },
});

export const subsidyRoutes: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/admin/subsidy-funds',
    operation: {
      operationId: 'createSubsidyFund',
      tag: TAG,
      summary: 'Create an interest subsidy fund, SUBSIDY:CITY or SUBSIDY:TOWN:<code> (admin)',
      requestBody: json('SubsidyFundRequest', { fundId: 'SUBSIDY:TOWN:XIAOLAN', name: 'Xiaolan' }),
      response: {
        status: 201,
        description: 'The fund',
        schema: ref('SubsidyFund'),
        example: fundExample,
      },
    },
  },
  {
    method: 'GET',
    path: '/subsidy/funds',
    operation: {
      operationId: 'listSubsidyFunds',
      tag: TAG,
      summary: 'Subsidy funds with available, held and paid money (a manager sees its own)',
      response: {
        status: 200,
        description: 'The funds',
        schema: {
          type: 'object',
          properties: { items: { type: 'array', items: ref('SubsidyFund') } },
        },
        example: { items: [fundExample] },
      },
    },
  },
  {
    method: 'POST',
    path: '/subsidy/funds/{fundId}/deposits',
    operation: {
      operationId: 'depositSubsidyFund',
      tag: TAG,
      summary: "Deposit into the manager's own subsidy fund",
      requestBody: json('SubsidyDepositRequest', { amountFen: '3000000' }),
      response: {
        status: 201,
        description: 'The fund after the deposit',
        schema: ref('SubsidyFund'),
        example: fundExample,
      },
    },
  },
  {
    method: 'POST',
    path: '/subsidy/interest-reports',
    operation: {
      operationId: 'reportInterest',
      tag: TAG,
      summary: 'Report the interest an enterprise paid on a loan for one period (bank)',
      requestBody: json('InterestReportRequest', reportRequest),
      response: {
        status: 201,
        description: 'The report and its subsidy',
        schema: ref('InterestReport'),
        example: reportExample,
      },
      errors: [422],
    },
  },
  {
    method: 'POST',
    path: '/subsidy/interest-reports/bulk',
    operation: {
      operationId: 'reportInterestBulk',
      tag: TAG,
      summary: 'Report interest from JSON lines or CSV; one result per row',
      requestBody: {
        'application/x-ndjson': {
          schema: { type: 'string', description: 'One InterestReportRequest JSON object per line' },
          example: `${JSON.stringify(reportRequest)}\n`,
        },
        'text/csv': {
          schema: { type: 'string', description: 'A header line, then one report per line' },
          example:
            'loanId,periodStart,periodEnd,interestPaidFen,outstandingAtStartFen,payeeAccountNo,payeeAccountName\n' +
            `${loanId},2026-01-01,2026-04-01,11835616,800000000,6222020200112233,"Xiaolan Optics Co., Ltd."\n`,
        },
      },
      response: {
        status: 200,
        description: 'One result per row; a refused row changes nothing',
        schema: ref('InterestReportBulkResult'),
        example: {
          rows: 1,
          accepted: 1,
          refused: 0,
          results: [{ row: 1, status: 'ACCEPTED', reportId }],
        },
      },
      errors: [413],
    },
  },
  {
    method: 'GET',
    path: '/subsidy/interest-reports',
    operation: {
      operationId: 'listInterestReports',
      tag: TAG,
      summary: "Interest reports (a bank its loans', a manager its fund's)",
      query: [
        { name: 'loanId', description: 'Only this loan', schema: { type: 'string' } },
        { name: 'roundId', description: 'Only this round', schema: { type: 'string' } },
        ...PAGING,
      ],
      response: {
        status: 200,
        description: 'A page of reports',
        schema: page('InterestReport'),
        example: { items: [reportExample], nextCursor: null },
      },
    },
  },
  {
    method: 'GET',
    path: '/subsidy/interest-reports/{reportId}',
    operation: {
      operationId: 'getInterestReport',
      tag: TAG,
      summary: 'One interest report with its grants',
      response: {
        status: 200,
        description: 'The report',
        schema: ref('InterestReport'),
        example: reportExample,
      },
    },
  },
  {
    method: 'POST',
    path: '/subsidy/rounds',
    operation: {
      operationId: 'openSubsidyRound',
      tag: TAG,
      summary: 'Open a round (fund-manager:SUBSIDY:CITY); ranges never overlap',
      requestBody: json('SubsidyRoundRequest', { from: '2026-01-01', to: '2026-04-02' }),
      response: {
        status: 201,
        description: 'The round',
        schema: ref('SubsidyRound'),
        example: { ...roundExample, status: 'OPEN', funds: [] },
      },
    },
  },
  {
    method: 'GET',
    path: '/subsidy/rounds',
    operation: {
      operationId: 'listSubsidyRounds',
      tag: TAG,
      summary: 'Rounds (a town manager sees its fund line, a bank none)',
      query: [
        { name: 'status', description: 'OPEN, CLOSED or APPROVED', schema: { type: 'string' } },
        ...PAGING,
      ],
      response: {
        status: 200,
        description: 'A page of rounds',
        schema: page('SubsidyRound'),
        example: { items: [roundExample], nextCursor: null },
      },
    },
  },
  {
    method: 'GET',
    path: '/subsidy/rounds/{roundId}',
    operation: {
      operationId: 'getSubsidyRound',
      tag: TAG,
      summary: 'A round: requested, granted and lapsed per fund, decisions, history',
      response: {
        status: 200,
        description: 'The round',
        schema: ref('SubsidyRound'),
        example: roundExample,
      },
    },
  },
  {
    method: 'POST',
    path: '/subsidy/rounds/{roundId}/close',
    operation: {
      operationId: 'closeSubsidyRound',
      tag: TAG,
      summary:
        'Close a round: hold grants in full, or pro rata where a fund is short (city manager)',
      requestBody: json('SubsidyRoundClose', {}),
      response: {
        status: 200,
        description: 'The closed round',
        schema: ref('SubsidyRound'),
        example: roundExample,
      },
    },
  },
  {
    method: 'POST',
    path: '/subsidy/rounds/{roundId}/decisions',
    operation: {
      operationId: 'decideSubsidyRound',
      tag: TAG,
      summary: "Approve or return (with a reason) the round's grants of the manager's own fund",
      requestBody: json('SubsidyRoundDecision', {
        decision: 'RETURN',
        reason: 'payee name to check',
      }),
      response: {
        status: 200,
        description: 'The round after the decision',
        schema: ref('SubsidyRound'),
        example: roundExample,
      },
    },
  },
  {
    method: 'GET',
    path: '/subsidy/grants',
    operation: {
      operationId: 'listSubsidyGrants',
      tag: TAG,
      summary: "Grants of closed rounds (a bank its loans', a manager its fund's)",
      query: [
        { name: 'roundId', description: 'Only this round', schema: { type: 'string' } },
        { name: 'loanId', description: 'Only this loan', schema: { type: 'string' } },
        ...PAGING,
      ],
      response: {
        status: 200,
        description: 'A page of grants',
        schema: page('SubsidyGrant'),
        example: { items: [grantExample], nextCursor: null },
      },
    },
  },
];
