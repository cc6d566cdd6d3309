import { bodyFault, BODY_DEPTH_MAX, inputGuard } from './input-guard';

function run(req: { url: string; body?: unknown }) {
  const sent: { status?: number; type?: string; body?: string; next: boolean } = { next: false };
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    type(contentType: string) {
      sent.type = contentType;
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
  };
  inputGuard(req, res, () => {
    sent.next = true;
  });
  return sent;
}

function nested(depth: number): unknown {
  return JSON.parse(`${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`) as unknown;
}

describe('input guard', () => {
  it('finds a NUL in a nested string or key and names its path', () => {
    expect(bodyFault({ a: 'ok', enterprise: { name: 'x\u0000y' } })?.field).toBe('enterprise.name');
    expect(bodyFault({ list: ['a', 'b\u0000'] })?.field).toBe('list.1');
    expect(bodyFault({ ['k\u0000']: 1 })?.code).toBe('nul');
    expect(bodyFault('line\u0000')?.field).toBe('(body)');
    expect(bodyFault({ a: 'fine', b: [1, null, { c: 'ü' }] })).toBeUndefined();
  });

  it('refuses nesting deeper than the limit (the validation pipe would overflow the stack)', () => {
    expect(bodyFault(nested(5000))?.code).toBe('depth');
    expect(bodyFault(nested(BODY_DEPTH_MAX / 2 - 1))).toBeUndefined();
  });

  it('refuses a NUL in the path, the query or the body as a 400 problem naming where', () => {
    for (const [req, field] of [
      [{ url: '/loans/%00' }, '(path)'],
      [{ url: '/loans?cursor=a%00b' }, '(query)'],
      [{ url: '/loans', body: { bankReference: 'R\u0000' } }, 'bankReference'],
    ] as const) {
      const sent = run(req);
      expect(sent.next).toBe(false);
      expect(sent.status).toBe(400);
      expect(sent.type).toBe('application/problem+json');
      const body = JSON.parse(sent.body ?? '{}') as {
        code: string;
        errors: Array<{ field: string }>;
      };
      expect(body.code).toBe('REQUEST.INVALID');
      expect(body.errors.map((e) => e.field)).toEqual([field]);
    }
  });

  it('lets everything else through', () => {
    expect(run({ url: '/loans/abc?limit=5', body: { name: '%00 as text' } }).next).toBe(true);
    expect(run({ url: '/loans/%2500' }).next).toBe(true);
  });
});
