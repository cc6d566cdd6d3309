import { DATE, FEN, RouteDoc, JsonSchema, ref } from '../route';

/** default-events: a bank reports defaults, cures, recoveries and write-offs on its loans. */
export const defaultEventsSchemas: Record<string, JsonSchema> = {
  DefaultReportRequest: {
    type: 'object',
    required: ['outstandingAtDefaultFen', 'daysPastDue', 'reachedMinDaysPastDueOn'],
    properties: {
      outstandingAtDefaultFen: FEN,
      daysPastDue: { type: 'integer', minimum: 0 },
      reachedMinDaysPastDueOn: DATE,
      // docs/domain.md §8.3: only under a net-loss policy, each at most its limit.
      accruedInterestFen: FEN,
      costsFen: FEN,
    },
    additionalProperties: true,
  },
  CureRequest: {
    type: 'object',
    properties: { note: { type: 'string' } },
    additionalProperties: true,
  },
  RecoveryRequest: {
    type: 'object',
    required: ['amountFen', 'costsFen'],
    properties: { amountFen: FEN, costsFen: FEN, recoveredOn: DATE },
    additionalProperties: true,
  },
  WriteOffRequest: {
    type: 'object',
    properties: { reason: { type: 'string' } },
    additionalProperties: true,
  },
  CreditEvent: {
    type: 'object',
    required: ['loanId'],
    description: 'The recorded default, cure, recovery or write-off.',
    properties: {
      loanId: { type: 'string' },
      defaultId: { type: 'string' },
      status: { type: 'string' },
    },
    additionalProperties: true,
  },
};

const loanId = '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10';
const defaultId = '0195f3b0-1d2e-7c4f-8a9b-0c1d2e3f4a5b';

const creditRoute = (
  suffix: 'defaults' | 'cures' | 'recoveries' | 'write-off',
  operationId: string,
  summary: string,
  schema: string,
  example: unknown,
): RouteDoc => ({
  method: 'POST',
  path: `/loans/{loanId}/${suffix}`,
  operation: {
    operationId,
    tag: 'credit events',
    summary,
    requestBody: { 'application/json': { schema: ref(schema), example } },
    response: {
      status: 201,
      description: 'What was recorded',
      schema: ref('CreditEvent'),
      example: { loanId, defaultId, status: 'RECORDED' },
    },
    errors: [422],
  },
});

export const defaultEventsRoutes: readonly RouteDoc[] = [
  creditRoute(
    'defaults',
    'reportDefault',
    'Report a default (opens a claim)',
    'DefaultReportRequest',
    {
      outstandingAtDefaultFen: '600000000',
      daysPastDue: 95,
      reachedMinDaysPastDueOn: '2026-02-20',
    },
  ),
  creditRoute('cures', 'reportCure', 'Report a cure before payout', 'CureRequest', {
    note: 'arrears paid',
  }),
  creditRoute(
    'recoveries',
    'reportRecovery',
    'Report a recovery and its costs',
    'RecoveryRequest',
    {
      amountFen: '100000000',
      costsFen: '5000000',
      recoveredOn: '2026-06-01',
    },
  ),
  creditRoute(
    'write-off',
    'writeOffLoan',
    'Write a loan off after payout or denial',
    'WriteOffRequest',
    {
      reason: 'collection exhausted',
    },
  ),
];
