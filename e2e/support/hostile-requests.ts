// fast-check arbitraries of hostile HTTP requests, derived from the gateway's OpenAPI document so
// that every route (and any route added later) is covered without naming it here. Every write
// request carries at least one fault that the schema says must be refused (a missing or
// wrong-typed field, a broken pattern, an unparsable body, a malformed Idempotency-Key, an id
// that does not exist), so none of them may change state; noise (injection strings, prototype
// keys, bogus identity headers) rides along.
import fc from 'fast-check';

export type JsonSchema = Record<string, unknown>;

export interface Operation {
  readonly method: string;
  /** The public path after /api/v1, with {param} placeholders. */
  readonly template: string;
  readonly roles: readonly string[];
  readonly pathParams: readonly string[];
  readonly query: ReadonlyArray<{ name: string; schema: JsonSchema }>;
  /** By content type, with $refs resolved one level deep. */
  readonly bodies: Readonly<Record<string, { schema: JsonSchema; example: unknown }>>;
}

export interface HostileRequest {
  /** What kind of fault it carries (for the counts). */
  readonly category: string;
  readonly method: string;
  /** Path after /api/v1, query included. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** What the answer must be beyond "not 5xx". */
  readonly expect: {
    /** The status must be 4xx. */
    readonly refused: boolean;
    /** When refused with 400, the problem's errors must name this field. */
    readonly field?: string;
    /** Allowed statuses, when narrower than any 4xx. */
    readonly statuses?: readonly number[];
  };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** Every operation of the document, with its body schemas resolved. */
export function operationsOf(document: OpenApiDocument, prefix = '/api/v1'): Operation[] {
  const resolve = (schema: JsonSchema | undefined, depth = 0): JsonSchema => {
    if (schema === undefined) return {};
    const ref = schema['$ref'];
    if (typeof ref === 'string') {
      const name = ref.split('/').pop() as string;
      return resolve(document.components.schemas[name], depth);
    }
    // NestJS writes an enum property that has its own description as `allOf: [{ $ref }]`.
    const allOf = schema['allOf'];
    if (Array.isArray(allOf)) {
      const { allOf: _members, ...own } = schema;
      const members = (allOf as JsonSchema[]).map((member) => resolve(member, depth));
      return resolve(Object.assign({}, ...members, own) as JsonSchema, depth);
    }
    if (depth > 2) return schema;
    const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
    if (properties === undefined) return schema;
    return {
      ...schema,
      properties: Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k, resolve(v, depth + 1)]),
      ),
    };
  };
  return Object.entries(document.paths).flatMap(([fullPath, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = (op['parameters'] ?? []) as Array<Record<string, unknown>>;
      const requestBody = op['requestBody'] as
        { content: Record<string, { schema: JsonSchema; example: unknown }> } | undefined;
      return {
        method: method.toUpperCase(),
        template: fullPath.startsWith(prefix) ? fullPath.slice(prefix.length) : fullPath,
        roles: (op['x-roles'] ?? []) as string[],
        pathParams: parameters.filter((p) => p['in'] === 'path').map((p) => String(p['name'])),
        query: parameters
          .filter((p) => p['in'] === 'query')
          .map((p) => ({ name: String(p['name']), schema: (p['schema'] ?? {}) as JsonSchema })),
        bodies: Object.fromEntries(
          Object.entries(requestBody?.content ?? {}).map(([type, b]) => [
            type,
            { schema: resolve(b.schema), example: b.example },
          ]),
        ),
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// What a schema refuses for certain

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function isValidDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function typesOf(schema: JsonSchema): string[] {
  const t = schema['type'];
  if (Array.isArray(t)) return t.map(String);
  if (typeof t === 'string') return [t];
  return [];
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A raw JSON token written into the body as is (1e400, -0, 1.0 …). */
export class RawJson {
  constructor(readonly text: string) {}
}

function parsedValue(value: unknown): unknown {
  return value instanceof RawJson ? (JSON.parse(value.text) as unknown) : value;
}

/**
 * True when the schema refuses `value` for certain (undefined = absent). Conservative: a null for
 * an optional field counts as absent (class-validator's @IsOptional), a string without pattern,
 * format, enum or length limits accepts anything.
 */
export function violates(schema: JsonSchema, raw: unknown, required: boolean): boolean {
  if (raw === undefined) return required;
  const value = parsedValue(raw);
  const types = typesOf(schema);
  if (value === null) return required && !types.includes('null');
  if (types.length === 0) return false;
  const actual = jsonTypeOf(value);
  const typeOk =
    types.includes(actual) ||
    (actual === 'integer' && types.includes('number')) ||
    // 1e400 parses to Infinity: a number, never an integer
    (actual === 'number' && types.includes('number') && Number.isFinite(value as number));
  if (!typeOk) return true;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return true;
    const min = schema['minimum'];
    const max = schema['maximum'];
    if (typeof min === 'number' && value < min) return true;
    if (typeof max === 'number' && value > max) return true;
    return false;
  }
  if (typeof value === 'string') {
    const pattern = schema['pattern'];
    if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(value)) return true;
    if (schema['format'] === 'date' && !isValidDate(value)) return true;
    const values = schema['enum'];
    if (
      Array.isArray(values) &&
      !values.some((v) => String(v).toLowerCase() === value.toLowerCase())
    )
      return true;
    const minLength = schema['minLength'];
    const maxLength = schema['maxLength'];
    if (typeof minLength === 'number' && value.length < minLength) return true;
    if (typeof maxLength === 'number' && value.length > maxLength) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

export const INJECTION_STRINGS: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE loans; --",
  '1; SELECT pg_sleep(5)--',
  "\\'; TRUNCATE gateway.api_keys; --",
  '" OR ""="',
  '{"$gt": ""}',
  '{"__proto__": {"isAdmin": true}}',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '𝕳𝖔𝖘𝖙𝖎𝖑𝖊 🧨',
  'ＡＢＣ１２３',
  '\uFEFF',
  '\ud800',
  'null',
  'undefined',
  'NaN',
  'true',
  '0x10',
  '\r\nX-Injected: 1',
];

/** Amounts of fen that are not a decimal string of 0 to 18 digits. */
export const BAD_FEN: readonly unknown[] = [
  '-1',
  '-0',
  '1.5',
  '0.01',
  '1e9',
  '1E3',
  '0x10',
  '01',
  ' 100',
  '100 ',
  '+100',
  '1_000',
  '1,000',
  '１００',
  '9999999999999999999',
  '123456789012345678901234567890',
  '',
  'NaN',
  'Infinity',
  100,
  -1,
  1.5,
  1e21,
  new RawJson('1e400'),
  new RawJson('-0'),
  new RawJson('123456789012345678901234567890'),
  true,
  [],
  ['100'],
  { value: '100' },
];

const BAD_NUMBERS: readonly unknown[] = [
  -1,
  -2147483649,
  1.5,
  0.1,
  2147483648,
  new RawJson('9007199254740993'),
  1e21,
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('1.000000000000000000001'),
  '5',
  '',
  'NaN',
  true,
  [1],
  { n: 1 },
];

const BAD_DATES: readonly string[] = [
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '20260101',
  '2026/01/01',
  '01-01-2026',
  '2026-1-1',
  '2026-01-01T00:00:00Z',
  '+275760-09-13',
  '-271821-04-20',
  '0000-01-01',
  '0000-00-00',
  '9999-99-99',
  'yesterday',
  '',
];

const scalarJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...INJECTION_STRINGS),
  fc.constantFrom<unknown>(...BAD_FEN),
  fc.constantFrom<unknown>(...BAD_NUMBERS),
  fc.constantFrom<unknown>(...BAD_DATES),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant('x'.repeat(100_000)),
);

/** Deeply nested arrays and objects (2,000 levels by default). */
export function deepNesting(depth = 2000): RawJson {
  return new RawJson(`${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`);
}

const structuredJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(scalarJunk, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), scalarJunk, { maxKeys: 5 }),
  fc.constant(deepNesting(50)),
  fc.constant(deepNesting()),
);

/** Values targeted at a field's schema, then kept only if the schema refuses them for certain. */
function invalidValueFor(schema: JsonSchema, required: boolean): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const targeted: Array<fc.Arbitrary<unknown>> = [scalarJunk, structuredJunk];
  if (types.includes('string')) {
    targeted.push(fc.constantFrom<unknown>(...BAD_FEN));
    if (schema['format'] === 'date') targeted.push(fc.constantFrom<unknown>(...BAD_DATES));
    if (typeof schema['maxLength'] === 'number')
      targeted.push(fc.constant('y'.repeat((schema['maxLength'] as number) + 1)));
    targeted.push(fc.constant(''));
  }
  if (types.includes('integer') || types.includes('number'))
    targeted.push(fc.constantFrom<unknown>(...BAD_NUMBERS));
  if (required) targeted.push(fc.constant(null));
  return fc.oneof(...targeted).filter((v) => violates(schema, v, required));
}

/** Serialises with RawJson tokens in place (JSON.stringify cannot write 1e400 or -0). */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `@@RAW${raws.length - 1}@@`;
    }
    return v;
  });
  return text.replace(/"@@RAW(\d+)@@"/g, (_m, i: string) => raws[Number(i)] ?? 'null');
}

interface FieldRef {
  /** Dotted path, e.g. enterprise.uscc. */
  readonly path: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
}

function fieldsOf(schema: JsonSchema, parent = '', parentRequired = true): FieldRef[] {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, s]) => {
    const path = parent === '' ? name : `${parent}.${name}`;
    // A nested field is only certainly required when its parent is present (it is: the example).
    const isRequired = required.has(name) && parentRequired;
    const own: FieldRef = { path, schema: s, required: isRequired };
    return typesOf(s).includes('object') ? [own, ...fieldsOf(s, path, isRequired)] : [own];
  });
}

function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Keys an attacker adds: prototype pollution, mass assignment, look-alikes. */
export const EXTRA_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'isAdmin',
  'role',
  'bankId',
  'status',
  'id',
  '$where',
  'amountFen ',
  'ａｍｏｕｎｔＦｅｎ',
];

/** A JSON object text with an own `__proto__` (JSON.stringify would drop it). */
function withProtoKeys(body: Record<string, unknown>): string {
  const base = toJsonText(body);
  const extra =
    '"__proto__":{"isAdmin":true,"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
  return base === '{}' ? `{${extra}}` : `${base.slice(0, -1)},${extra}}`;
}

// ---------------------------------------------------------------------------------------------
// Headers

const BAD_IDEMPOTENCY_KEYS: readonly (string | undefined)[] = [
  undefined,
  '',
  'short',
  '1234567',
  'k'.repeat(129),
  'k'.repeat(8000),
  'has space in it',
  'semi;colon;key',
  'quote"key"12',
  'slash/key/123',
  "' OR 1=1 --",
  'ünïcödé-key-1',
  '../../etc/passwd',
  '%00%00%00%00%00',
];

/** Header values fetch can send: latin1 bytes, no CR, LF or NUL (the UTF-8 bytes of unicode). */
function headerSafe(value: string): string {
  return Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(/[\r\n\0]/g, '');
}

const noiseHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'x-riskpool-identity': fc.constantFrom(
      Buffer.from(
        JSON.stringify({ role: 'admin', scope: null, keyId: 'forged', businessDate: '2030-01-01' }),
      ).toString('base64url'),
      'e30',
      'not-base64!!',
    ),
    'x-riskpool-identity-signature': fc.constantFrom('00'.repeat(32), 'forged', ''),
    'x-request-id': fc.oneof(
      fc.constantFrom('../../x', 'a'.repeat(5000), "' OR 1=1", '<script>'),
      fc.string({ maxLength: 64 }).map(headerSafe),
    ),
    traceparent: fc.constantFrom('00-zzzz-zzzz-01', 'x'.repeat(1000), '00-' + '0'.repeat(32)),
    'x-correlation-id': fc.string({ maxLength: 200 }).map(headerSafe),
    'x-forwarded-for': fc.constantFrom('127.0.0.1', '::1, 10.0.0.1', 'evil'),
    'x-http-method-override': fc.constantFrom('DELETE', 'PUT', 'GET'),
    accept: fc.constantFrom('text/html', '*/*', 'application/xml', '\u00ff'),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', 'x'.repeat(100)),
  },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------------------------------------
// Path and query

const HOSTILE_PATH_SEGMENTS: readonly string[] = [
  '..',
  '.',
  '..%2F..%2Fadmin%2Fbanks',
  '%2e%2e%2f%2e%2e%2f',
  '%252e%252e%252f',
  "1'%20OR%20'1'%3D'1",
  '%00',
  '%FF%FE',
  '%C0%AE%C0%AE',
  'null',
  'undefined',
  '-1',
  '0',
  '9223372036854775808',
  '1e400',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-7fff-bfff-ffffffffffff',
  '0195F3A2-6C1E-7B3D-9A41-2F6E8D7C5B10',
  'x'.repeat(5000),
  '%E2%80%AE',
  '%F0%9F%A7%A8',
  'CITY%00',
  'TOWN%3AXIAOLAN%2F..',
];

const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_PATH_SEGMENTS),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encode),
  fc.uuid().map((u) => u),
);

// Not 501: the ledger serves up to 1,000 and pool-allocation's claims clamp, though the OpenAPI
// document says 500 (left for the route owners; see the hostile-input section of benchmarks.md).
const BAD_LIMITS: readonly string[] = ['0', '-1', '100000000000', '1.5', 'abc', 'NaN', 'Infinity'];

/** Cursors of the right alphabet that decode to NUL bytes, bad UTF-8 or nothing useful. */
const BAD_CURSORS: readonly string[] = [
  'AAAA',
  'AA',
  '____',
  '-_-_',
  '_w',
  'A'.repeat(200),
  '0000-01-01T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '99999999999999999999',
  '9999999999999999999',
  '9223372036854775808',
  '999999999999999',
];

/** Percent-encodes; a lone surrogate (no UTF-8 form) goes out as the invalid bytes ED A0 80. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))}%ED%A0%80`;
  }
}

function queryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

const noiseQuery: fc.Arbitrary<Array<readonly [string, string]>> = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(
        'limit',
        'cursor',
        'after',
        'limit[]',
        'limit[$gt]',
        '__proto__[polluted]',
        'constructor[prototype][polluted]',
        'status',
        'asOf',
        'from',
        'to',
        'keyId',
        'town',
        'sort',
        'offset',
      ),
      fc.string({ maxLength: 12 }),
    ),
    fc.oneof(
      fc.constantFrom(...INJECTION_STRINGS, ...BAD_LIMITS, ...BAD_DATES, ...BAD_CURSORS, '501'),
      fc.string({ maxLength: 40 }),
      fc.constant('9'.repeat(400)),
    ),
  ),
  { minLength: 1, maxLength: 6 },
);

// ---------------------------------------------------------------------------------------------
// Requests

export interface RequestContext {
  /** Real ids the role may use, by path parameter name (so a body fault is what refuses). */
  readonly ids: Readonly<Record<string, string>>;
  /** Well-formed ids of nothing, for routes whose body alone cannot make a request invalid. */
  readonly ghostIds: Readonly<Record<string, string>>;
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z0-9]+)\}/g, (_m, name: string) => values[name] ?? 'none');
}

const okKey = () => fc.uuid().map((u) => `hostile-${u}`);

/** The hostile requests of one operation for one role. */
export function hostileRequests(
  op: Operation,
  context: RequestContext,
): fc.Arbitrary<HostileRequest> {
  const realPath = fill(op.template, context.ids);
  const write = op.method !== 'GET';
  const arbitraries: Array<fc.Arbitrary<HostileRequest> | fc.WeightedArbitrary<HostileRequest>> =
    [];

  // Hostile path parameters: an id that does not exist or cannot be one.
  if (op.pathParams.length > 0) {
    arbitraries.push(
      fc
        .record({
          segment: hostileSegment,
          which: fc.constantFrom(...op.pathParams),
          idem: okKey(),
          noise: noiseHeaders,
        })
        .map(({ segment, which, idem, noise }) => ({
          category: 'path-param',
          method: op.method,
          path: fill(op.template, { ...context.ids, [which]: segment }),
          headers: { ...noise, ...(write ? { 'idempotency-key': idem } : {}) },
          ...(write ? exampleBody(op) : {}),
          // '..' and '.' are resolved by the URL parser and may land on another (GET) route.
          expect: { refused: write },
        })),
    );
  }

  if (!write) {
    // Query strings: bad limits must be refused naming `limit`; the rest must not break anything.
    const hasLimit = op.query.some((q) => q.name === 'limit');
    if (hasLimit)
      arbitraries.push(
        fc
          .record({ limit: fc.constantFrom(...BAD_LIMITS), noise: noiseHeaders })
          .map(({ limit, noise }) => ({
            category: 'query-limit',
            method: op.method,
            path: `${realPath}?${queryString([['limit', limit]])}`,
            headers: noise,
            expect: { refused: true, field: 'limit', statuses: [400] },
          })),
      );
    if (hasLimit)
      arbitraries.push({
        weight: 2,
        arbitrary: fc
          .record({
            name: fc.constantFrom('cursor', 'after'),
            value: fc.oneof(
              fc.constantFrom(...BAD_CURSORS),
              fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
            ),
          })
          .map(({ name, value }) => ({
            category: 'query-cursor',
            method: op.method,
            path: `${realPath}?${queryString([[name, value]])}`,
            headers: {},
            expect: { refused: false },
          })),
      });
    arbitraries.push(
      fc.record({ pairs: noiseQuery, noise: noiseHeaders }).map(({ pairs, noise }) => ({
        category: 'query-noise',
        method: op.method,
        path: `${realPath}?${queryString(pairs)}`,
        headers: noise,
        expect: { refused: false },
      })),
    );
    arbitraries.push(
      noiseHeaders.map((noise) => ({
        category: 'headers',
        method: op.method,
        path: realPath,
        headers: noise,
        expect: { refused: false },
      })),
    );
    return fc.oneof(...arbitraries);
  }

  // Writes: a malformed Idempotency-Key, with an otherwise good request.
  arbitraries.push(
    fc
      .record({
        key: fc.constantFrom(...BAD_IDEMPOTENCY_KEYS),
        repeat: fc.boolean(),
        noise: noiseHeaders,
      })
      .map(({ key, repeat, noise }) => ({
        category: 'idempotency-key',
        method: op.method,
        path: realPath,
        headers: {
          ...noise,
          ...(op.bodies['application/json'] !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
          ...(key === undefined
            ? {}
            : {
                'idempotency-key': repeat ? `${headerSafe(key)}, again-12345678` : headerSafe(key),
              }),
        },
        ...exampleBody(op),
        expect: { refused: true, field: 'Idempotency-Key', statuses: [400] },
      })),
  );

  const json = op.bodies['application/json'];
  if (json !== undefined) {
    const schema = json.schema;
    const example = (json.example ?? {}) as Record<string, unknown>;
    const fields = fieldsOf(schema);
    const required = fields.filter((f) => f.required);
    // A body without required fields may be accepted in any shape (a revoke takes no body at
    // all), so its faults go to an id of nothing: refused either way, and no state can change.
    const bodyRefusable = required.length > 0;
    if (!bodyRefusable && op.pathParams.length === 0) return fc.oneof(...arbitraries);
    const bodyPath = bodyRefusable ? realPath : fill(op.template, context.ghostIds);
    const fieldStatuses = bodyRefusable ? [400, 413] : [400, 404, 413];
    // Not JSON at all.
    arbitraries.push(
      fc
        .record({
          text: fc.oneof(
            fc.constantFrom(
              '{',
              '{"a":}',
              "{'amountFen':'1'}",
              '{"amountFen":"1",}',
              '{"a":1}}',
              'NaN',
              '\u0000',
              '{"a":"\\uZZZZ"}',
              '[1,2',
              '--',
            ),
            // Not the empty body: the JSON parser reads it as {}.
            fc.string({ maxLength: 200 }).filter((s) => s.trim() !== '' && !parses(s)),
          ),
          idem: okKey(),
          noise: noiseHeaders,
        })
        .map(({ text, idem, noise }) => ({
          category: 'invalid-json',
          method: op.method,
          path: realPath,
          headers: { ...noise, 'content-type': 'application/json', 'idempotency-key': idem },
          body: text,
          expect: { refused: true, statuses: [400] },
        })),
    );
    // JSON, but not an object.
    arbitraries.push(
      fc
        .record({
          value: fc.oneof(
            fc.constantFrom<unknown>(null, true, 0, 'text', [], [example]),
            fc.array(fc.jsonValue(), { maxLength: 3 }),
          ),
          idem: okKey(),
        })
        .map(({ value, idem }) => ({
          category: 'non-object-body',
          method: op.method,
          path: bodyPath,
          headers: { 'content-type': 'application/json', 'idempotency-key': idem },
          body: toJsonText(value),
          expect: { refused: true },
        })),
    );
    // A field whose schema names no type refuses nothing for certain (no value to aim at): the
    // generator would filter for ever.
    const refusable = fields.filter((f) => f.required || typesOf(f.schema).length > 0);
    if (refusable.length > 0) {
      // One field given a value its schema refuses (wrong type, pattern, range, length, enum):
      // the richest category, so it gets the most runs.
      arbitraries.push({
        weight: 5,
        arbitrary: fc
          .constantFrom(...refusable)
          .chain((field) =>
            fc.record({
              field: fc.constant(field),
              value: invalidValueFor(field.schema, field.required),
              idem: okKey(),
              noise: noiseHeaders,
              injectInto: fc.option(fc.constantFrom(...INJECTION_STRINGS)),
            }),
          )
          .map(({ field, value, idem, noise, injectInto }) => {
            const body = cloneJson(example);
            if (injectInto !== null) addInjectionNoise(body, fields, field.path, injectInto);
            setPath(body, field.path, value);
            return {
              category: 'field-value',
              method: op.method,
              path: bodyPath,
              headers: { ...noise, 'content-type': 'application/json', 'idempotency-key': idem },
              body: toJsonText(body),
              expect: { refused: true, field: field.path, statuses: fieldStatuses },
            };
          }),
      });
    }
    if (required.length > 0) {
      // A required field missing, with prototype-pollution keys riding along.
      arbitraries.push(
        fc
          .record({ field: fc.constantFrom(...required), proto: fc.boolean(), idem: okKey() })
          .map(({ field, proto, idem }) => {
            const body = cloneJson(example);
            setPath(body, field.path, undefined);
            return {
              category: 'missing-field',
              method: op.method,
              path: bodyPath,
              headers: { 'content-type': 'application/json', 'idempotency-key': idem },
              body: proto ? withProtoKeys(body) : toJsonText(body),
              expect: { refused: true, field: field.path, statuses: [400] },
            };
          }),
      );
      // A content encoding the body does not have (or an unknown one), on a body that is refused
      // anyway: the gateway does not pass the header on, the services' parser must not 500.
      arbitraries.push(
        fc
          .record({
            field: fc.constantFrom(...required),
            encoding: fc.constantFrom('gzip', 'deflate', 'br', 'x-bogus', 'gzip, gzip', 'identity'),
            idem: okKey(),
          })
          .map(({ field, encoding, idem }) => {
            const body = cloneJson(example);
            setPath(body, field.path, undefined);
            return {
              category: 'content-encoding',
              method: op.method,
              path: bodyPath,
              headers: {
                'content-type': 'application/json',
                'content-encoding': encoding,
                'idempotency-key': idem,
              },
              body: toJsonText(body),
              expect: { refused: true },
            };
          }),
      );
      // Wrong content type: the body parser does not read it, so the required fields are missing.
      arbitraries.push(
        fc
          .record({
            type: fc.constantFrom<string | undefined>(
              undefined,
              'application/xml',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/octet-stream',
              'application/json; charset=utf-16',
              'text/html',
            ),
            idem: okKey(),
          })
          .map(({ type, idem }) => ({
            category: 'content-type',
            method: op.method,
            path: bodyPath,
            headers: {
              ...(type === undefined ? {} : { 'content-type': type }),
              'idempotency-key': idem,
            },
            body: toJsonText(example),
            expect: { refused: true },
          })),
      );
    }
    if (schema['additionalProperties'] === false) {
      // A key the schema declares is not extra, even when the example leaves it out (the
      // remittance's optional bankId: another bank's is a scope refusal, 403).
      const declared = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
      arbitraries.push(
        fc
          .record({
            key: fc.constantFrom(
              ...EXTRA_KEYS.filter((k) => !(k in example) && !Object.hasOwn(declared, k)),
            ),
            value: scalarJunk,
            idem: okKey(),
          })
          // The validation pipe strips __proto__, constructor and prototype before it checks for
          // unknown keys, so those are noise (missing-field), not a certain fault.
          .filter(({ key }) => !['__proto__', 'constructor', 'prototype'].includes(key))
          .map(({ key, value, idem }) => ({
            category: 'extra-field',
            method: op.method,
            path: bodyPath,
            headers: { 'content-type': 'application/json', 'idempotency-key': idem },
            body: toJsonText({ ...cloneJson(example), [key]: value }),
            expect: { refused: true, field: key, statuses: [400] },
          })),
      );
    }
  } else if (op.bodies['application/x-ndjson'] !== undefined) {
    // Bulk files: every line broken, so every row is refused and nothing is registered.
    arbitraries.push(
      fc
        .record({
          lines: fc.array(
            fc.oneof(
              fc.constantFrom(...INJECTION_STRINGS),
              fc.string({ maxLength: 200 }).filter((s) => !s.includes('\n')),
              fc.jsonValue().map((v) => JSON.stringify(v)),
              fc.constant('{"bankReference":'),
            ),
            { minLength: 1, maxLength: 20 },
          ),
          type: fc.constantFrom(
            'application/x-ndjson',
            'text/csv',
            'application/json',
            'text/plain',
          ),
          idem: okKey(),
        })
        .map(({ lines, type, idem }) => ({
          category: 'bulk-lines',
          method: op.method,
          path: realPath,
          headers: { 'content-type': type, 'idempotency-key': idem },
          body: (type === 'text/csv' ? ['bankReference,uscc', ...lines] : lines).join('\n'),
          expect: { refused: false },
        })),
    );
  }
  return fc.oneof(...arbitraries);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function exampleBody(op: Operation): { body?: string; headers?: never } {
  const json = op.bodies['application/json'];
  return json === undefined ? {} : { body: toJsonText(json.example ?? {}) };
}

/** Injection strings in the free-text fields other than the faulty one (noise, not the fault). */
function addInjectionNoise(
  body: Record<string, unknown>,
  fields: readonly FieldRef[],
  faulty: string,
  text: string,
): void {
  // A NUL is refused before validation (it names its own field), so it is no mere noise.
  if (text.includes('\u0000')) return;
  for (const field of fields) {
    if (field.path === faulty || field.path.startsWith(`${faulty}.`)) continue;
    const s = field.schema;
    const free =
      typesOf(s).includes('string') &&
      s['pattern'] === undefined &&
      s['format'] === undefined &&
      s['enum'] === undefined;
    if (free && !violates(s, text, field.required)) setPath(body, field.path, text);
  }
}

/** Requests too large for the gateway (over MAX_BODY_BYTES) or for the services (over 1 MB). */
export function oversizedRequests(
  op: Operation,
  context: RequestContext,
  gatewayLimit: number,
): HostileRequest[] {
  if (op.method === 'GET') return [];
  const path = fill(op.template, context.ids);
  const type = Object.keys(op.bodies)[0] ?? 'application/json';
  const pad = (n: number) => `{"padding":"${'p'.repeat(n)}"}`;
  return [
    {
      category: 'oversized-body',
      method: op.method,
      path,
      headers: { 'content-type': type, 'idempotency-key': `hostile-2mb-${Date.now()}` },
      // Over the services' 1 MB; bulk takes 16 MB, so there it is one refused row.
      body: pad(2 * 1024 * 1024),
      expect: { refused: type === 'application/json' },
    },
    {
      category: 'oversized-body',
      method: op.method,
      path,
      headers: { 'content-type': type, 'idempotency-key': `hostile-big-${Date.now()}` },
      body: pad(gatewayLimit + 1024),
      expect: { refused: true, statuses: [413] },
    },
  ];
}
