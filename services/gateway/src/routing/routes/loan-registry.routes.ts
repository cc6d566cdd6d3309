import { DATE, FEN, RouteDoc, JsonSchema, page, PAGING, ref, TIMESTAMP } from '../route';

/** loan-registry: banks register and repay loans. Owners extend this module with new routes. */
export const loanRegistrySchemas: Record<string, JsonSchema> = {
  Enterprise: {
    type: 'object',
    required: ['uscc', 'name', 'townCode', 'qualifications'],
    properties: {
      uscc: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: 'GB 32100-2015' },
      name: { type: 'string' },
      townCode: { type: 'string', pattern: '^[A-Z0-9_]{1,32}$' },
      qualifications: {
        type: 'array',
        items: { type: 'string', enum: ['HNTE', 'TECH_SME', 'SRDI'] },
      },
    },
  },
  LoanRegisterRequest: {
    type: 'object',
    required: [
      'bankReference',
      'enterprise',
      'principalFen',
      'annualRateBp',
      'disbursementDate',
      'maturityDate',
    ],
    properties: {
      bankReference: { type: 'string', description: 'The bank’s own reference, unique per bank' },
      enterprise: ref('Enterprise'),
      principalFen: FEN,
      annualRateBp: { type: 'integer', minimum: 0, maximum: 10000 },
      disbursementDate: DATE,
      maturityDate: DATE,
      flags: { type: 'array', items: { type: 'string', examples: ['IP_PLEDGE'] } },
      coSharers: {
        type: 'array',
        description:
          'docs/domain.md §8.4: parties bearing a share of each claim, in order (the last is cut back first)',
        items: ref('CoSharer'),
      },
    },
  },
  CoSharer: {
    type: 'object',
    required: ['partyId', 'kind', 'shareBp'],
    properties: {
      partyId: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9_-]{0,63}$' },
      kind: { type: 'string', enum: ['GUARANTOR', 'INSURER', 'VALUER'] },
      shareBp: { type: 'integer', minimum: 1, maximum: 10000 },
    },
  },
  Loan: {
    type: 'object',
    required: ['loanId', 'bankId', 'status', 'principalFen', 'outstandingFen'],
    properties: {
      loanId: { type: 'string' },
      bankId: { type: 'string' },
      bankReference: { type: 'string' },
      enterprise: ref('Enterprise'),
      principalFen: FEN,
      outstandingFen: FEN,
      exposureFen: FEN,
      annualRateBp: { type: 'integer' },
      disbursementDate: DATE,
      maturityDate: DATE,
      termMonths: { type: 'integer' },
      flags: { type: 'array', items: { type: 'string' } },
      coSharers: { type: 'array', items: ref('CoSharer') },
      registrationDate: DATE,
      policyVersionId: { type: 'string' },
      status: {
        type: 'string',
        enum: ['REGISTERED', 'DEFAULTED', 'COMPENSATED', 'CLOSED', 'WRITTEN_OFF'],
      },
      defaultId: { type: ['string', 'null'] },
      outstandingAtDefaultFen: { type: ['string', 'null'] },
      registeredAt: TIMESTAMP,
    },
  },
  BulkResult: {
    type: 'object',
    required: ['rows'],
    properties: {
      rows: {
        type: 'array',
        items: {
          type: 'object',
          required: ['row', 'status'],
          properties: {
            row: { type: 'integer' },
            status: { type: 'string', enum: ['REGISTERED', 'EXISTING', 'REFUSED'] },
            bankReference: { type: 'string' },
            loanId: { type: 'string' },
            code: { type: 'string' },
            errors: { type: 'array', items: ref('FieldError') },
          },
        },
      },
    },
    additionalProperties: true,
  },
  RepaymentRequest: {
    type: 'object',
    required: ['amountFen'],
    properties: { amountFen: FEN },
  },
};

export const loanExample = {
  loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
  bankId: 'ZSBANK',
  bankReference: 'ZS-2026-0001',
  enterprise: {
    uscc: '91442000MA4UJ1T176',
    name: 'Torch Photonics Co., Ltd.',
    townCode: 'TORCH',
    qualifications: ['HNTE'],
  },
  principalFen: '800000000',
  outstandingFen: '800000000',
  exposureFen: '800000000',
  annualRateBp: 385,
  disbursementDate: '2026-01-10',
  maturityDate: '2029-01-10',
  termMonths: 36,
  flags: ['IP_PLEDGE'],
  registrationDate: '2026-01-10',
  policyVersionId: 'P-2026-1',
  status: 'REGISTERED',
  defaultId: null,
  outstandingAtDefaultFen: null,
  registeredAt: '2026-01-10T02:00:00.000Z',
};

const registerExample = {
  bankReference: 'ZS-2026-0001',
  enterprise: loanExample.enterprise,
  principalFen: '800000000',
  annualRateBp: 385,
  disbursementDate: '2026-01-10',
  maturityDate: '2029-01-10',
  flags: ['IP_PLEDGE'],
};

export const loanRegistryRoutes: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/loans',
    operation: {
      operationId: 'registerLoan',
      tag: 'loans',
      summary: 'Register a loan in the pool (bank)',
      requestBody: {
        'application/json': { schema: ref('LoanRegisterRequest'), example: registerExample },
      },
      response: { status: 201, description: 'The loan', schema: ref('Loan'), example: loanExample },
      errors: [422],
    },
  },
  {
    method: 'POST',
    path: '/loans/bulk',
    operation: {
      operationId: 'registerLoansBulk',
      tag: 'loans',
      summary: 'Register up to 10,000 loans from JSON lines or CSV; one result per row',
      requestBody: {
        'application/x-ndjson': {
          schema: { type: 'string', description: 'One LoanRegisterRequest JSON object per line' },
          example: `${JSON.stringify(registerExample)}\n`,
        },
        'text/csv': {
          schema: { type: 'string', description: 'A header line, then one loan per line' },
          example:
            'bankReference,uscc,enterpriseName,townCode,qualifications,principalFen,annualRateBp,disbursementDate,maturityDate,flags\nZS-2026-0001,91442000MA4UJ1T176,Torch Photonics,TORCH,HNTE,800000000,385,2026-01-10,2029-01-10,IP_PLEDGE\n',
        },
      },
      response: {
        status: 200,
        description: 'One result per row; a bad row does not stop the others',
        schema: ref('BulkResult'),
        example: {
          rows: [
            {
              row: 1,
              status: 'REGISTERED',
              bankReference: 'ZS-2026-0001',
              loanId: loanExample.loanId,
            },
          ],
        },
      },
      errors: [413],
    },
  },
  {
    method: 'GET',
    path: '/loans',
    operation: {
      operationId: 'listLoans',
      tag: 'loans',
      summary: 'List loans (a bank sees its own)',
      query: [
        { name: 'status', description: 'Loan status', schema: { type: 'string' } },
        { name: 'town', description: 'Town code', schema: { type: 'string' } },
        ...PAGING,
      ],
      response: {
        status: 200,
        description: 'A page of loans',
        schema: page('Loan'),
        example: { items: [loanExample], nextCursor: null },
      },
    },
  },
  {
    method: 'GET',
    path: '/loans/{loanId}',
    operation: {
      operationId: 'getLoan',
      tag: 'loans',
      summary: 'One loan (another bank’s loan is 404)',
      response: { status: 200, description: 'The loan', schema: ref('Loan'), example: loanExample },
    },
  },
  {
    method: 'POST',
    path: '/loans/{loanId}/repayments',
    operation: {
      operationId: 'repayLoan',
      tag: 'loans',
      summary: 'Report a repayment; at zero outstanding the loan closes',
      requestBody: {
        'application/json': {
          schema: ref('RepaymentRequest'),
          example: { amountFen: '100000000' },
        },
      },
      response: {
        status: 201,
        description: 'The loan after the repayment',
        schema: ref('Loan'),
        example: { ...loanExample, outstandingFen: '700000000', exposureFen: '700000000' },
      },
      errors: [422],
    },
  },
];
