import { DATE, FEN, RouteDoc, JsonSchema, page, PAGING, ref } from '../route';

/** settlement: payouts to banks, banks' recovery remittances, what banks owe the funds. */
export const settlementSchemas: Record<string, JsonSchema> = {
  RemittanceRequest: {
    type: 'object',
    required: ['fundId', 'amountFen'],
    properties: {
      fundId: { type: 'string', description: 'The fund the bank pays back' },
      amountFen: FEN,
      claimId: { type: 'string', description: 'The claim whose recovery this repays (optional)' },
      bankId: { type: 'string', description: 'Your own bank id (optional; another is refused)' },
    },
    additionalProperties: false,
  },
  Remittance: {
    type: 'object',
    required: ['remittanceId', 'bankId', 'amountFen'],
    properties: {
      remittanceId: { type: 'string' },
      bankId: { type: 'string' },
      fundId: { type: 'string' },
      amountFen: FEN,
      matchedFen: FEN,
      overpaidFen: FEN,
    },
    additionalProperties: true,
  },
  Payout: {
    type: 'object',
    required: ['payoutId', 'claimId', 'fundId', 'amountFen', 'status'],
    properties: {
      payoutId: { type: 'string' },
      claimId: { type: 'string' },
      loanId: { type: 'string' },
      bankId: { type: 'string' },
      fundId: { type: 'string' },
      amountFen: FEN,
      status: { type: 'string', enum: ['PENDING', 'SENDING', 'SUBMITTED', 'PAID', 'FAILED'] },
    },
    additionalProperties: true,
  },
  Owed: {
    type: 'object',
    required: ['bankId', 'fundId', 'owedFen'],
    description: 'What a bank owes a fund from shared recoveries.',
    properties: {
      bankId: { type: 'string' },
      fundId: { type: 'string' },
      loanId: { type: 'string' },
      owedFen: FEN,
      remittedFen: FEN,
      dueOn: DATE,
      overdue: { type: 'boolean' },
    },
    additionalProperties: true,
  },
  // docs/domain.md §8.4: what a lender and its co-sharers owe each other on a claim.
  CosharerSettlementRequest: {
    type: 'object',
    required: ['claimId', 'partyId', 'payer', 'amountFen'],
    properties: {
      claimId: { type: 'string', description: 'The approved claim the money is for' },
      partyId: { type: 'string', description: 'The co-sharer named on the loan' },
      payer: {
        type: 'string',
        enum: ['COSHARER', 'LENDER'],
        description:
          'COSHARER: the co-sharer paid the lender its share of the loss; LENDER: the lender paid the co-sharer its part of recoveries after payout',
      },
      amountFen: FEN,
    },
    additionalProperties: false,
  },
  CosharerSettlement: {
    type: 'object',
    required: ['settlementId', 'claimId', 'partyId', 'payer', 'amountFen'],
    properties: {
      settlementId: { type: 'string' },
      claimId: { type: 'string' },
      loanId: { type: 'string' },
      bankId: { type: 'string' },
      partyId: { type: 'string' },
      payer: { type: 'string', enum: ['COSHARER', 'LENDER'] },
      amountFen: FEN,
      outstandingAfterFen: FEN,
    },
    additionalProperties: true,
  },
  CosharerObligation: {
    type: 'object',
    required: ['claimId', 'partyId', 'payer', 'amountFen', 'outstandingFen'],
    description:
      'What a co-sharer owes the lender of a claim (payer COSHARER, its share of the loss), or the lender a co-sharer (payer LENDER, its part of a recovery after payout).',
    properties: {
      claimId: { type: 'string' },
      loanId: { type: 'string' },
      bankId: { type: 'string' },
      partyId: { type: 'string' },
      payer: { type: 'string', enum: ['COSHARER', 'LENDER'] },
      source: { type: 'string', enum: ['CLAIM_SHARE', 'RECOVERY'] },
      amountFen: FEN,
      settledFen: FEN,
      outstandingFen: FEN,
      dueOn: DATE,
      overdue: { type: 'boolean' },
    },
    additionalProperties: true,
  },
};

const cosharerObligationExample = {
  obligationId: '1',
  claimId: '0195f3b1-0000-7000-8000-000000000001',
  loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
  bankId: 'ZSBANK',
  partyId: 'G-ZSGUAR',
  payer: 'COSHARER',
  source: 'CLAIM_SHARE',
  sourceRef: '0195f3b1-0000-7000-8000-000000000001',
  amountFen: '96000000',
  settledFen: '0',
  outstandingFen: '96000000',
  dueOn: '2026-07-01',
  overdue: false,
};

const remittanceExample = {
  remittanceId: '0195f3c0-0000-7000-8000-000000000003',
  bankId: 'ZSBANK',
  fundId: 'CITY',
  amountFen: '19000000',
  matchedFen: '19000000',
  overpaidFen: '0',
};
const payoutExample = {
  payoutId: '0195f3c1-0000-7000-8000-000000000004',
  claimId: '0195f3b1-0000-7000-8000-000000000001',
  loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
  bankId: 'ZSBANK',
  fundId: 'CITY',
  amountFen: '120000000',
  status: 'PAID',
};
const owedExample = {
  bankId: 'ZSBANK',
  fundId: 'CITY',
  loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
  owedFen: '19000000',
  remittedFen: '0',
  dueOn: '2026-07-01',
  overdue: false,
};

export const settlementRoutes: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/remittances',
    operation: {
      operationId: 'reportRemittance',
      tag: 'settlement',
      summary: 'Report a remittance of a fund’s share of a recovery (bank)',
      requestBody: {
        'application/json': {
          schema: ref('RemittanceRequest'),
          example: {
            fundId: 'CITY',
            amountFen: '19000000',
          },
        },
      },
      response: {
        status: 201,
        description: 'The remittance, matched to what is owed',
        schema: ref('Remittance'),
        example: remittanceExample,
      },
      errors: [422],
    },
  },
  {
    method: 'GET',
    path: '/remittances',
    operation: {
      operationId: 'listRemittances',
      tag: 'settlement',
      summary: 'Remittances (a bank sees its own)',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of remittances',
        schema: page('Remittance'),
        example: { items: [remittanceExample], nextCursor: null },
      },
    },
  },
  {
    method: 'GET',
    path: '/payouts',
    operation: {
      operationId: 'listPayouts',
      tag: 'settlement',
      summary: 'Payouts of approved claims (a bank sees its own, a manager its fund’s)',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of payouts',
        schema: page('Payout'),
        example: { items: [payoutExample], nextCursor: null },
      },
    },
  },
  {
    method: 'GET',
    path: '/payouts/{payoutId}',
    operation: {
      operationId: 'getPayout',
      tag: 'settlement',
      summary: 'One payout',
      response: {
        status: 200,
        description: 'The payout',
        schema: ref('Payout'),
        example: payoutExample,
      },
    },
  },
  {
    method: 'GET',
    path: '/owed',
    operation: {
      operationId: 'listOwed',
      tag: 'settlement',
      summary: 'What banks owe funds from shared recoveries (a bank sees its own)',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of amounts owed',
        schema: page('Owed'),
        example: { items: [owedExample], nextCursor: null },
      },
    },
  },
  {
    method: 'POST',
    path: '/cosharer-settlements',
    operation: {
      operationId: 'reportCosharerSettlement',
      tag: 'settlement',
      summary:
        'Report money paid between a claim’s lender and a co-sharer (bank, or the co-sharer for itself): the co-sharer’s share of the loss, or its part of a recovery',
      requestBody: {
        'application/json': {
          schema: ref('CosharerSettlementRequest'),
          example: {
            claimId: '0195f3b1-0000-7000-8000-000000000001',
            partyId: 'G-ZSGUAR',
            payer: 'COSHARER',
            amountFen: '96000000',
          },
        },
      },
      response: {
        status: 201,
        description: 'The settlement, matched to what the payer owes on the claim',
        schema: ref('CosharerSettlement'),
        example: {
          settlementId: '0195f3c0-0000-7000-8000-000000000009',
          claimId: '0195f3b1-0000-7000-8000-000000000001',
          loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
          bankId: 'ZSBANK',
          partyId: 'G-ZSGUAR',
          payer: 'COSHARER',
          amountFen: '96000000',
          outstandingAfterFen: '0',
        },
      },
      errors: [422],
    },
  },
  {
    method: 'GET',
    path: '/cosharer-obligations',
    operation: {
      operationId: 'listCosharerObligations',
      tag: 'settlement',
      summary:
        'What co-sharers and lenders owe each other per claim (a bank or co-sharer sees its own)',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of co-sharer obligations',
        schema: page('CosharerObligation'),
        example: { items: [cosharerObligationExample], nextCursor: null },
      },
    },
  },
];
