import { DATE, FEN, RouteDoc, JsonSchema, page, PAGING, ref, TIMESTAMP } from '../route';

/** Routes the gateway answers itself: keys, banks, the business clock, the audit trail. */
export const gatewaySchemas: Record<string, JsonSchema> = {
  Role: {
    type: 'string',
    enum: ['admin', 'bank', 'fund-manager', 'regulator', 'cosharer'],
    description:
      '`cosharer` (docs/domain.md §8.4): a guarantor, insurer or valuer admitted with `POST /admin/cosharers`; it reads the claims it shares in.',
  },
  ApiKeyCreateRequest: {
    type: 'object',
    required: ['role', 'label'],
    additionalProperties: false,
    properties: {
      role: ref('Role'),
      scope: {
        type: ['string', 'null'],
        description:
          'bankId of an admitted bank for `bank`, fundId of a known fund for `fund-manager`, partyId of an admitted co-sharer for `cosharer`; absent or null for `admin` and `regulator`.',
      },
      label: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
  ApiKey: {
    type: 'object',
    required: [
      'keyId',
      'role',
      'scope',
      'label',
      'createdAt',
      'createdBy',
      'revokedAt',
      'lastUsedAt',
    ],
    properties: {
      keyId: { type: 'string' },
      role: ref('Role'),
      scope: { type: ['string', 'null'] },
      label: { type: 'string' },
      createdAt: TIMESTAMP,
      createdBy: {
        type: 'string',
        description: '`admin:<keyId>`, or `environment` for ADMIN_API_KEY',
      },
      revokedAt: { type: ['string', 'null'], format: 'date-time' },
      lastUsedAt: {
        type: ['string', 'null'],
        format: 'date-time',
        description: 'Updated at most once a minute.',
      },
    },
  },
  ApiKeyCreated: {
    allOf: [
      ref('ApiKey'),
      {
        type: 'object',
        required: ['key'],
        properties: {
          key: {
            type: 'string',
            pattern: '^rpk_[a-z0-9]{4,32}_[A-Za-z0-9_-]{32,128}$',
            description:
              'The key to send as `Authorization: Bearer <key>`. Shown once, never again.',
          },
        },
      },
    ],
  },
  BankAdmitRequest: {
    type: 'object',
    required: ['bankId', 'name', 'quotaFen'],
    additionalProperties: false,
    properties: {
      bankId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
      name: { type: 'string', minLength: 1, maxLength: 200 },
      quotaFen: FEN,
      kind: ref('InstitutionKind'),
    },
  },
  InstitutionKind: {
    type: 'string',
    enum: ['BANK', 'MICROLOAN', 'LEASING'],
    default: 'BANK',
    description:
      'docs/domain.md §8.1: a bank (including a technology sub-branch), a technology micro-loan company, or a finance-lease company. A kind the policy in force does not list in `institutionKinds` registers no loans.',
  },
  CoSharerAdmitRequest: {
    type: 'object',
    required: ['partyId', 'name', 'kind'],
    additionalProperties: false,
    properties: {
      partyId: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9_-]{0,63}$' },
      name: { type: 'string', minLength: 1, maxLength: 200 },
      kind: { type: 'string', enum: ['GUARANTOR', 'INSURER', 'VALUER'] },
    },
  },
  CoSharerParty: {
    type: 'object',
    required: ['partyId', 'name', 'kind', 'admittedAt'],
    properties: {
      partyId: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string', enum: ['GUARANTOR', 'INSURER', 'VALUER'] },
      admittedAt: TIMESTAMP,
    },
  },
  BankStatusRequest: {
    type: 'object',
    required: ['reason'],
    additionalProperties: false,
    properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
  },
  Bank: {
    type: 'object',
    required: ['bankId', 'name', 'kind', 'quotaFen', 'status', 'admittedAt', 'statusChangedAt'],
    properties: {
      bankId: { type: 'string' },
      name: { type: 'string' },
      kind: ref('InstitutionKind'),
      quotaFen: FEN,
      status: { type: 'string', enum: ['ACTIVE', 'SUSPENDED', 'EXITED'] },
      statusReason: { type: ['string', 'null'] },
      statusChangedBy: { type: ['string', 'null'] },
      admittedAt: TIMESTAMP,
      statusChangedAt: TIMESTAMP,
    },
  },
  ClockSetRequest: {
    type: 'object',
    required: ['businessDate'],
    additionalProperties: false,
    properties: { businessDate: DATE },
  },
  Clock: {
    type: 'object',
    required: ['businessDate', 'mode', 'settable', 'source'],
    properties: {
      businessDate: DATE,
      mode: { type: 'string', enum: ['production', 'demo', 'test'] },
      settable: { type: 'boolean', description: 'true in demo and test mode only' },
      source: {
        type: 'string',
        enum: ['set', 'today'],
        description: '`today` is the date in Asia/Shanghai',
      },
      setAt: { type: ['string', 'null'], format: 'date-time' },
      setBy: { type: ['string', 'null'] },
    },
  },
  AuditRecord: {
    type: 'object',
    required: ['id', 'at', 'method', 'path', 'status', 'requestId'],
    properties: {
      id: { type: 'string' },
      at: TIMESTAMP,
      keyId: {
        type: ['string', 'null'],
        description: 'The key used; for a refused request, the key id it presented (unverified)',
      },
      role: { type: ['string', 'null'] },
      scope: { type: ['string', 'null'] },
      method: { type: 'string' },
      path: { type: 'string' },
      status: {
        type: 'integer',
        description: 'The status answered (written before the answer); 499: the client left first',
      },
      requestId: { type: 'string' },
      idempotencyKey: { type: ['string', 'null'] },
      durationMs: { type: 'integer', description: 'Until the answer began' },
      clientAddress: { type: ['string', 'null'], examples: ['203.0.113.7'] },
    },
  },
};

const apiKeyExample = {
  keyId: 'k3v9q2m8x1c4b7n0',
  role: 'bank',
  scope: 'ZSBANK',
  label: 'Zhongshan Bank loan system',
  createdAt: '2026-03-01T08:00:00.000Z',
  createdBy: 'admin:admin',
  revokedAt: null,
  lastUsedAt: null,
};

const bankExample = {
  bankId: 'ZSBANK',
  name: 'Zhongshan Rural Commercial Bank',
  kind: 'BANK',
  quotaFen: '50000000000',
  status: 'ACTIVE',
  statusReason: null,
  statusChangedBy: null,
  admittedAt: '2026-03-01T08:00:00.000Z',
  statusChangedAt: '2026-03-01T08:00:00.000Z',
};

const coSharerExample = {
  partyId: 'G-ZSGUAR',
  name: 'Zhongshan Technology Financing Guarantee Co.',
  kind: 'GUARANTOR',
  admittedAt: '2026-03-01T08:00:00.000Z',
};

const clockExample = {
  businessDate: '2026-03-01',
  mode: 'demo',
  settable: true,
  source: 'set',
  setAt: '2026-03-01T08:00:00.000Z',
  setBy: 'admin:admin',
};

export const gatewayRoutes: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/admin/api-keys',
    operation: {
      operationId: 'createApiKey',
      tag: 'admin',
      summary: 'Create an API key (its secret is in this answer only)',
      description:
        'The key is stored as an HMAC; it cannot be shown again. Repeating the request with the same Idempotency-Key does not show it again either (409 API_KEY.SECRET_SHOWN_ONCE): revoke and create another.',
      requestBody: {
        'application/json': {
          schema: ref('ApiKeyCreateRequest'),
          example: { role: 'bank', scope: 'ZSBANK', label: 'Zhongshan Bank loan system' },
        },
      },
      response: {
        status: 201,
        description: 'The key, with its secret',
        schema: ref('ApiKeyCreated'),
        example: {
          ...apiKeyExample,
          key: 'rpk_k3v9q2m8x1c4b7n0_6bJ0r0m2bq0-Xd8ZcYwY8m6f1vKp0n3s4t5u6v7w8x9',
        },
      },
      errors: [422],
    },
  },
  {
    method: 'GET',
    path: '/admin/api-keys',
    operation: {
      operationId: 'listApiKeys',
      tag: 'admin',
      summary: 'List API keys (never their secrets), newest first',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of keys',
        schema: page('ApiKey'),
        example: { items: [apiKeyExample], nextCursor: null },
      },
    },
  },
  {
    method: 'POST',
    path: '/admin/api-keys/{keyId}/revoke',
    operation: {
      operationId: 'revokeApiKey',
      tag: 'admin',
      summary: 'Revoke an API key; it is refused (401) from then on',
      requestBody: { 'application/json': { schema: { type: 'object' }, example: {} } },
      response: {
        status: 200,
        description: 'The revoked key',
        schema: ref('ApiKey'),
        example: { ...apiKeyExample, revokedAt: '2026-03-02T08:00:00.000Z' },
      },
    },
  },
  {
    method: 'POST',
    path: '/admin/banks',
    operation: {
      operationId: 'admitBank',
      tag: 'admin',
      summary:
        'Admit a partner bank, micro-loan or finance-lease company with a quota (emits pool.bank-admitted.v1)',
      requestBody: {
        'application/json': {
          schema: ref('BankAdmitRequest'),
          example: {
            bankId: 'ZSBANK',
            name: 'Zhongshan Rural Commercial Bank',
            quotaFen: '50000000000',
          },
        },
      },
      response: {
        status: 201,
        description: 'The admitted bank',
        schema: ref('Bank'),
        example: bankExample,
      },
    },
  },
  {
    method: 'GET',
    path: '/admin/banks',
    operation: {
      operationId: 'listBanks',
      tag: 'admin',
      summary: 'List admitted banks and their status',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of banks',
        schema: page('Bank'),
        example: { items: [bankExample], nextCursor: null },
      },
    },
  },
  {
    method: 'POST',
    path: '/admin/banks/{bankId}/suspend',
    operation: {
      operationId: 'suspendBank',
      tag: 'admin',
      summary: 'Suspend a bank: no new registrations (emits pool.bank-suspended.v1)',
      requestBody: {
        'application/json': {
          schema: ref('BankStatusRequest'),
          example: { reason: 'quarterly review pending' },
        },
      },
      response: {
        status: 200,
        description: 'The suspended bank',
        schema: ref('Bank'),
        example: { ...bankExample, status: 'SUSPENDED', statusReason: 'quarterly review pending' },
      },
    },
  },
  {
    method: 'POST',
    path: '/admin/banks/{bankId}/reinstate',
    operation: {
      operationId: 'reinstateBank',
      tag: 'admin',
      summary:
        'Reinstate a suspended bank, also after the NPL breaker (emits pool.bank-reinstated.v1)',
      requestBody: {
        'application/json': {
          schema: ref('BankStatusRequest'),
          example: { reason: 'review passed' },
        },
      },
      response: {
        status: 200,
        description: 'The active bank',
        schema: ref('Bank'),
        example: { ...bankExample, statusReason: 'review passed' },
      },
    },
  },
  {
    method: 'POST',
    path: '/admin/cosharers',
    operation: {
      operationId: 'admitCoSharer',
      tag: 'admin',
      summary:
        'Admit a co-sharer party (guarantor, insurer, valuer) that loans may name (emits pool.cosharer-admitted.v1)',
      description:
        'docs/domain.md §8.4. A loan naming a party that was not admitted, or naming it with another kind, is refused at registration (400 naming `coSharers[i].partyId` or `coSharers[i].kind`). An admin then issues the party `cosharer` keys scoped to its partyId.',
      requestBody: {
        'application/json': {
          schema: ref('CoSharerAdmitRequest'),
          example: {
            partyId: 'G-ZSGUAR',
            name: 'Zhongshan Technology Financing Guarantee Co.',
            kind: 'GUARANTOR',
          },
        },
      },
      response: {
        status: 201,
        description: 'The admitted party',
        schema: ref('CoSharerParty'),
        example: coSharerExample,
      },
      errors: [409],
    },
  },
  {
    method: 'GET',
    path: '/admin/cosharers',
    operation: {
      operationId: 'listCoSharers',
      tag: 'admin',
      summary: 'List admitted co-sharer parties',
      query: PAGING,
      response: {
        status: 200,
        description: 'A page of co-sharer parties',
        schema: page('CoSharerParty'),
        example: { items: [coSharerExample], nextCursor: null },
      },
    },
  },
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
    path: '/admin/clock',
    operation: {
      operationId: 'setClock',
      tag: 'admin',
      summary:
        'Set the business date (demo and test mode only; 403 CLOCK.NOT_SETTABLE in production)',
      requestBody: {
        'application/json': {
          schema: ref('ClockSetRequest'),
          example: { businessDate: '2026-03-01' },
        },
      },
      response: {
        status: 200,
        description: 'The clock',
        schema: ref('Clock'),
        example: clockExample,
      },
    },
  },
  {
    method: 'GET',
    path: '/clock',
    operation: {
      operationId: 'getClock',
      tag: 'clock',
      summary: 'The business date every service uses for this request',
      response: {
        status: 200,
        description: 'The clock',
        schema: ref('Clock'),
        example: clockExample,
      },
    },
  },
  {
    method: 'GET',
    path: '/admin/audit',
    operation: {
      operationId: 'listAudit',
      tag: 'admin',
      summary: 'The audit trail of requests: who did what, newest first',
      query: [
        ...PAGING,
        { name: 'keyId', description: 'Only this key’s requests.', schema: { type: 'string' } },
      ],
      response: {
        status: 200,
        description: 'A page of audit records',
        schema: page('AuditRecord'),
        example: {
          items: [
            {
              id: '42',
              at: '2026-03-01T08:00:00.000Z',
              keyId: 'admin',
              role: 'admin',
              scope: null,
              method: 'POST',
              path: '/api/v1/admin/banks',
              status: 201,
              requestId: '0f5e2c1a-7d1b-4d0e-9b43-5b2f8c1d9e77',
              idempotencyKey: 'admit-ZSBANK-1',
              durationMs: 12,
              clientAddress: '203.0.113.7',
            },
          ],
          nextCursor: null,
        },
      },
    },
  },
];
