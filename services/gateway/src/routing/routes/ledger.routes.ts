import { FEN, RouteDoc, JsonSchema, page, PAGING, ref, TIMESTAMP } from '../route';

/** ledger: the book of record, its proofs and the loss-sharing reports (regulators first). */
export const ledgerSchemas: Record<string, JsonSchema> = {
  Posting: {
    type: 'object',
    required: ['account', 'side', 'amountFen'],
    properties: {
      account: { type: 'string' },
      side: { type: 'string', enum: ['DEBIT', 'CREDIT'] },
      amountFen: FEN,
    },
  },
  LedgerEntry: {
    type: 'object',
    required: ['seq', 'postings'],
    properties: {
      seq: { type: 'string' },
      eventId: { type: 'string' },
      claimId: { type: ['string', 'null'] },
      loanId: { type: ['string', 'null'] },
      policyVersionId: { type: ['string', 'null'] },
      postings: { type: 'array', items: ref('Posting') },
      leafHash: { type: 'string' },
      chainHash: { type: 'string' },
      postedAt: TIMESTAMP,
    },
    additionalProperties: true,
  },
  InclusionProof: {
    type: 'object',
    required: ['seq', 'treeSize', 'leafHash', 'path', 'root'],
    properties: {
      seq: { type: 'string' },
      treeSize: { type: 'string' },
      leafHash: { type: 'string' },
      path: { type: 'array', items: { type: 'string' } },
      root: { type: 'string' },
      checkpoint: ref('Checkpoint'),
    },
    additionalProperties: true,
  },
  Checkpoint: {
    type: 'object',
    required: ['treeSize', 'root', 'signature'],
    properties: {
      treeSize: { type: 'string' },
      root: { type: 'string', description: 'RFC 6962 Merkle root, hex' },
      signature: { type: 'string', description: 'Ed25519, base64' },
      publicKey: { type: 'string' },
      signedAt: TIMESTAMP,
    },
    additionalProperties: true,
  },
  Balance: {
    type: 'object',
    required: ['account'],
    properties: {
      account: { type: 'string' },
      debitsPendingFen: FEN,
      debitsPostedFen: FEN,
      creditsPendingFen: FEN,
      creditsPostedFen: FEN,
    },
    additionalProperties: true,
  },
  Report: {
    type: 'object',
    description: 'A loss-sharing report: basis, each party’s share, paid, recovered, owed.',
    additionalProperties: true,
  },
};

const entryExample = {
  seq: '1',
  eventId: '0195f3d0-0000-7000-8000-000000000005',
  claimId: '0195f3b1-0000-7000-8000-000000000001',
  loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
  policyVersionId: 'P-2026-1',
  postings: [
    { account: 'fund:CITY:available', side: 'DEBIT', amountFen: '120000000' },
    { account: 'fund:CITY:held', side: 'CREDIT', amountFen: '120000000' },
  ],
  postedAt: '2026-03-01T08:00:00.000Z',
};
const checkpointExample = {
  treeSize: '1024',
  root: '5f1c9d3e...',
  signature: 'MEUCIQ...',
  signedAt: '2026-03-01T08:00:00.000Z',
};

const read = (
  path: string,
  operationId: string,
  summary: string,
  schema: JsonSchema,
  example: unknown,
  extra: Partial<RouteDoc['operation']> = {},
): RouteDoc => ({
  method: 'GET',
  path,
  operation: {
    operationId,
    tag: path.startsWith('/reports') ? 'reports' : 'ledger',
    summary,
    response: { status: 200, description: summary, schema, example },
    ...extra,
  },
});

export const ledgerRoutes: readonly RouteDoc[] = [
  read(
    '/ledger/entries',
    'listLedgerEntries',
    'Journal entries in order (banks and managers see their own rows)',
    page('LedgerEntry'),
    { items: [entryExample], nextCursor: null },
    {
      query: [
        ...PAGING,
        {
          name: 'account',
          description: 'only entries posting to this account',
          schema: { type: 'string' },
        },
        { name: 'loan', description: 'only entries of this loan', schema: { type: 'string' } },
        { name: 'claim', description: 'only entries of this claim', schema: { type: 'string' } },
        {
          name: 'from',
          description: 'events at or after this ISO 8601 time',
          schema: { type: 'string', format: 'date-time' },
        },
        {
          name: 'to',
          description: 'events before this ISO 8601 time',
          schema: { type: 'string', format: 'date-time' },
        },
        {
          name: 'fromSeq',
          description:
            'A filter, not a cursor: entries from this seq on (to open one entry, or to go on reading after the last page).',
          schema: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' },
        },
      ],
    },
  ),
  read(
    '/ledger/entries/{seq}/proof',
    'getInclusionProof',
    'Merkle inclusion proof of an entry against the latest checkpoint',
    ref('InclusionProof'),
    { seq: '1', treeSize: '1024', leafHash: 'ab12...', path: ['cd34...'], root: '5f1c9d3e...' },
  ),
  read(
    '/ledger/checkpoints',
    'listCheckpoints',
    'Signed checkpoints (size, root)',
    page('Checkpoint'),
    { items: [checkpointExample], nextCursor: null },
    { query: PAGING },
  ),
  read(
    '/ledger/checkpoints/consistency',
    'getConsistencyProof',
    'RFC 6962 consistency proof between two checkpointed tree sizes',
    {
      type: 'object',
      properties: {
        from: { type: 'string' },
        to: { type: 'string' },
        proof: { type: 'array', items: { type: 'string' } },
      },
    },
    { from: '1000', to: '2000', proof: ['ab12...'] },
    {
      query: [
        { name: 'from', description: 'the older tree size', schema: { type: 'string' } },
        { name: 'to', description: 'the newer tree size', schema: { type: 'string' } },
      ],
    },
  ),
  read(
    '/ledger/public-key',
    'getLedgerPublicKey',
    'The Ed25519 public key that signs checkpoints (PEM, SPKI) and its key id',
    {
      type: 'object',
      properties: {
        algorithm: { type: 'string' },
        keyId: { type: 'string' },
        publicKeyPem: { type: 'string' },
      },
    },
    {
      algorithm: 'Ed25519',
      keyId: 'cb6f0bb44d141aeb...',
      publicKeyPem: '-----BEGIN PUBLIC KEY-----\n...',
    },
  ),
  read(
    '/ledger/balances',
    'getBalances',
    'Account balances, optionally as of a time',
    { type: 'array', items: ref('Balance') },
    [{ account: 'fund:CITY:available', debitsPostedFen: '0', creditsPostedFen: '2000000000' }],
    {
      query: [
        { name: 'asOf', description: 'ISO timestamp or entry seq', schema: { type: 'string' } },
      ],
    },
  ),
  read(
    '/ledger/export',
    'exportLedger',
    'The whole ledger as JSON lines, each entry with its canonical bytes (base64), for `verify`',
    { type: 'string' },
    '{"seq":"1","canonical":"eyJ..."}\n',
    {
      response: {
        status: 200,
        description: 'JSON lines',
        contentType: 'application/x-ndjson',
        schema: { type: 'string' },
        example: '{"seq":"1","canonical":"eyJ..."}\n',
      },
    },
  ),
  {
    ...read(
      '/ledger/reconciliation',
      'reconcileLedger',
      "Runs the reconciliation now: the ledger's totals per fund and per bank against " +
        "pool-allocation's and settlement's; each difference still there after a short wait is " +
        'listed and raised as ledger.reconciliation-alert.v1',
      {
        type: 'object',
        required: ['checkId', 'checkedAt', 'ledgerTreeSize', 'ok', 'differences'],
        properties: {
          checkId: { type: 'string' },
          checkedAt: TIMESTAMP,
          ledgerTreeSize: { type: 'string' },
          ok: { type: 'boolean' },
          differences: { type: 'array', items: { type: 'object', additionalProperties: true } },
        },
      },
      {
        checkId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
        checkedAt: '2026-03-01T08:00:00.000Z',
        ledgerTreeSize: '1024',
        ok: true,
        differences: [],
      },
    ),
  },
  read(
    '/reports/funds',
    'reportFunds',
    'Per-fund report, in fund id order',
    page('Report'),
    {
      items: [{ fundId: 'CITY', depositedFen: '2000000000', paidFen: '120000000' }],
      nextCursor: null,
    },
    { query: PAGING },
  ),
  read(
    '/reports/banks',
    'reportBanks',
    'Per-bank report, in bank id order',
    page('Report'),
    { items: [{ bankId: 'ZSBANK', compensatedFen: '240000000', owedFen: '0' }], nextCursor: null },
    { query: PAGING },
  ),
  read(
    '/reports/loans/{loanId}',
    'reportLoan',
    'Per-loan report: basis, each party’s share, paid, recovered, owed',
    ref('Report'),
    { loanId: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10', basisFen: '600000000', shares: [] },
  ),
];
