import { defaultPolicy, policyToJson } from '@riskpool/domain';
import { DATE, FEN, RouteDoc, JsonSchema, page, PAGING, ref } from '../route';

/** pool-allocation's policies (its funds and claims are documented by the service itself). */
export const poolAllocationSchemas: Record<string, JsonSchema> = {
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

// What the city fund's manager publishes: the programme's default terms as a future version.
const policyExample = policyToJson(defaultPolicy('P-2027-1', '2027-01-01'));

export const poolAllocationRoutes: readonly RouteDoc[] = [
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
];
