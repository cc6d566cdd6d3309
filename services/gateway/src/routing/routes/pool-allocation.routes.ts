import { defaultPolicy, policyToJson } from '@riskpool/domain';
import { DATE, FEN, RouteDoc, JsonSchema, page, PAGING, ref, TIMESTAMP } from '../route';

/** pool-allocation: funds, policies, claims and decisions (fund managers). */
export const poolAllocationSchemas: Record<string, JsonSchema> = {
  FundCreateRequest: {
    type: 'object',
    description: 'The kind (CITY, TOWN, OTHER) and town code follow from the fundId.',
    required: ['fundId', 'name'],
    additionalProperties: false,
    properties: {
      fundId: { type: 'string', pattern: '^(CITY|TOWN:[A-Z0-9_]{1,32}|[A-Z][A-Z0-9_]{0,31})$' },
      name: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
  Fund: {
    type: 'object',
    required: ['fundId', 'name', 'kind'],
    properties: {
      fundId: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string', enum: ['CITY', 'TOWN', 'OTHER'] },
      townCode: { type: ['string', 'null'] },
      availableFen: FEN,
      depositedFen: FEN,
      createdAt: TIMESTAMP,
    },
    additionalProperties: true,
  },
  DepositRequest: {
    type: 'object',
    required: ['amountFen'],
    properties: { amountFen: FEN, reference: { type: 'string' } },
    additionalProperties: true,
  },
  Deposit: {
    type: 'object',
    required: ['depositId', 'fundId', 'amountFen'],
    properties: {
      depositId: { type: 'string' },
      fundId: { type: 'string' },
      amountFen: FEN,
      availableAfterFen: FEN,
    },
    additionalProperties: true,
  },
  Policy: {
    type: 'object',
    required: ['versionId', 'effectiveFrom'],
    description: 'A policy version (docs/domain.md §3); immutable once published.',
    properties: {
      versionId: { type: 'string' },
      effectiveFrom: DATE,
      effectiveTo: { type: ['string', 'null'], format: 'date' },
      eligibleQualifications: { type: 'array', items: { type: 'string' } },
      maxPrincipalFen: FEN,
      maxTermMonths: { type: 'integer' },
      rateTiers: {
        type: 'array',
        items: {
          type: 'object',
          properties: { upToFen: FEN, rateBp: { type: 'integer' } },
        },
      },
      split: { type: 'array', items: { type: 'object' } },
      perLoanCapFen: FEN,
      perBankAnnualCapFen: FEN,
      minDaysPastDue: { type: 'integer' },
      reportWithinDays: { type: 'integer' },
      nplBreakerBp: { type: 'integer' },
      remitWithinDays: { type: 'integer' },
    },
    additionalProperties: true,
  },
};

const fundExample = {
  fundId: 'TOWN:TORCH',
  name: 'Torch zone fund',
  kind: 'TOWN',
  townCode: 'TORCH',
  availableFen: '2000000000',
  depositedFen: '2000000000',
  createdAt: '2026-01-01T00:00:00.000Z',
};

// What the city fund's manager publishes: the programme's default terms as a future version.
const policyExample = policyToJson(defaultPolicy('P-2027-1', '2027-01-01'));

export const poolAllocationRoutes: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/admin/funds',
    operation: {
      operationId: 'createFund',
      tag: 'admin',
      summary: 'Create a fund (forwarded to pool-allocation `POST /funds`)',
      requestBody: {
        'application/json': {
          schema: ref('FundCreateRequest'),
          example: { fundId: 'TOWN:TORCH', name: 'Torch zone fund' },
        },
      },
      response: {
        status: 201,
        description: 'The fund',
        schema: ref('Fund'),
        example: {
          fundId: 'TOWN:TORCH',
          name: 'Torch zone fund',
          kind: 'TOWN',
          townCode: 'TORCH',
          availableFen: '0',
          depositedFen: '0',
        },
      },
    },
  },
  {
    method: 'POST',
    path: '/policies',
    operation: {
      operationId: 'publishPolicy',
      tag: 'policies',
      summary: 'Publish a policy version (fund-manager:CITY)',
      requestBody: { 'application/json': { schema: ref('Policy'), example: policyExample } },
      response: {
        status: 201,
        description: 'The published version',
        schema: ref('Policy'),
        example: policyExample,
      },
      errors: [422],
    },
  },
  {
    method: 'GET',
    path: '/policies',
    operation: {
      operationId: 'listPolicies',
      tag: 'policies',
      summary: 'Policy versions',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of policy versions',
        schema: page('Policy'),
        example: { items: [policyExample], nextCursor: null },
      },
    },
  },
  {
    method: 'GET',
    path: '/funds',
    operation: {
      operationId: 'listFunds',
      tag: 'funds',
      summary: 'Funds and their balances',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of funds',
        schema: page('Fund'),
        example: { items: [fundExample], nextCursor: null },
      },
    },
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/deposits',
    operation: {
      operationId: 'depositToFund',
      tag: 'funds',
      summary: 'Deposit public money into one’s own fund',
      requestBody: {
        'application/json': {
          schema: ref('DepositRequest'),
          example: { amountFen: '2000000000', reference: 'budget 2026' },
        },
      },
      response: {
        status: 201,
        description: 'The deposit',
        schema: ref('Deposit'),
        example: {
          depositId: '0195f3b2-0000-7000-8000-000000000002',
          fundId: 'TOWN:TORCH',
          amountFen: '2000000000',
          availableAfterFen: '2000000000',
        },
      },
      errors: [422],
    },
  },
];
