import { RouteTable, ROUTES } from './route-table';

const A = 'admin';
const B = 'bank';
const F = 'fund-manager';
const R = 'regulator';
const C = 'cosharer';

/**
 * The public matrix written out by hand, to review against docs/domain.md §1: a change to
 * `PUBLIC_ROUTES` (libs/contracts) must change this too.
 */
const EXPECTED: ReadonlyArray<[string, string, string, readonly string[]]> = [
  ['POST', '/admin/api-keys', 'gateway', [A]],
  ['GET', '/admin/api-keys', 'gateway', [A]],
  ['POST', '/admin/api-keys/{keyId}/revoke', 'gateway', [A]],
  ['POST', '/admin/banks', 'gateway', [A]],
  ['GET', '/admin/banks', 'gateway', [A, R]],
  ['POST', '/admin/banks/{bankId}/suspend', 'gateway', [A]],
  ['POST', '/admin/banks/{bankId}/reinstate', 'gateway', [A]],
  ['POST', '/admin/cosharers', 'gateway', [A]],
  ['GET', '/admin/cosharers', 'gateway', [A, R]],
  ['POST', '/admin/funds', 'pool-allocation', [A]],
  ['POST', '/admin/clock', 'gateway', [A]],
  ['GET', '/clock', 'gateway', [A, B, F, R, C]],
  ['GET', '/admin/audit', 'gateway', [A, R]],
  ['POST', '/loans', 'loan-registry', [B]],
  ['POST', '/loans/bulk', 'loan-registry', [B]],
  ['GET', '/loans', 'loan-registry', [B, R]],
  ['GET', '/loans/{loanId}', 'loan-registry', [B, R]],
  ['POST', '/loans/{loanId}/repayments', 'loan-registry', [B]],
  ['POST', '/loans/{loanId}/defaults', 'default-events', [B]],
  ['POST', '/defaults/bulk', 'default-events', [B]],
  ['POST', '/loans/{loanId}/cures', 'default-events', [B]],
  ['POST', '/loans/{loanId}/recoveries', 'default-events', [B]],
  ['POST', '/loans/{loanId}/write-off', 'default-events', [B]],
  ['POST', '/loans/{loanId}/recovery-closed', 'default-events', [B]],
  ['GET', '/loans/{loanId}/defaults', 'default-events', [B, F, R]],
  ['POST', '/policies', 'pool-allocation', [F]],
  ['GET', '/policies', 'pool-allocation', [B, F, R]],
  ['GET', '/funds', 'pool-allocation', [A, F, R]],
  ['POST', '/funds/{fundId}/deposits', 'pool-allocation', [F]],
  ['GET', '/claims', 'pool-allocation', [B, F, R, C]],
  ['GET', '/claims/{claimId}', 'pool-allocation', [B, F, R, C]],
  ['POST', '/claims/{claimId}/decisions', 'pool-allocation', [F]],
  ['POST', '/claims/decisions', 'pool-allocation', [F]],
  ['POST', '/claims/{claimId}/lift-deferral', 'pool-allocation', [F]],
  ['POST', '/remittances', 'settlement', [B]],
  ['GET', '/remittances', 'settlement', [B, F, R]],
  ['GET', '/payouts', 'settlement', [B, F, R]],
  ['GET', '/payouts/{payoutId}', 'settlement', [B, F, R]],
  ['GET', '/owed', 'settlement', [B, F, R]],
  ['POST', '/cosharer-settlements', 'settlement', [B, C]],
  ['GET', '/cosharer-obligations', 'settlement', [B, R, C]],
  ['GET', '/ledger/entries', 'ledger', [B, F, R]],
  ['GET', '/ledger/entries/{seq}/proof', 'ledger', [B, F, R]],
  ['GET', '/ledger/checkpoints', 'ledger', [B, F, R]],
  ['GET', '/ledger/checkpoints/consistency', 'ledger', [B, F, R]],
  ['GET', '/ledger/public-key', 'ledger', [B, F, R]],
  ['GET', '/ledger/balances', 'ledger', [B, F, R]],
  ['GET', '/ledger/export', 'ledger', [R]],
  ['GET', '/ledger/reconciliation', 'ledger', [A, R]],
  ['GET', '/reports/funds', 'ledger', [F, R]],
  ['GET', '/reports/banks', 'ledger', [B, R]],
  ['GET', '/reports/loans/{loanId}', 'ledger', [B, F, R]],
  ['GET', '/statements', 'ledger', [B, F, R]],
  ['GET', '/statements/{statementId}', 'ledger', [B, F, R]],
  ['GET', '/statements/{statementId}/files/{format}', 'ledger', [B, F, R]],
  ['POST', '/admin/statements', 'ledger', [A]],
  ['POST', '/admin/subsidy-funds', 'subsidy', [A]],
  ['GET', '/subsidy/funds', 'subsidy', [A, F, R]],
  ['POST', '/subsidy/funds/{fundId}/deposits', 'subsidy', [F]],
  ['POST', '/subsidy/interest-reports', 'subsidy', [B]],
  ['POST', '/subsidy/interest-reports/bulk', 'subsidy', [B]],
  ['GET', '/subsidy/interest-reports', 'subsidy', [B, F, R]],
  ['GET', '/subsidy/interest-reports/{reportId}', 'subsidy', [B, F, R]],
  ['POST', '/subsidy/rounds', 'subsidy', [F]],
  ['GET', '/subsidy/rounds', 'subsidy', [B, F, R]],
  ['GET', '/subsidy/rounds/{roundId}', 'subsidy', [B, F, R]],
  ['POST', '/subsidy/rounds/{roundId}/close', 'subsidy', [F]],
  ['POST', '/subsidy/rounds/{roundId}/decisions', 'subsidy', [F]],
  ['GET', '/subsidy/grants', 'subsidy', [B, F, R]],
];

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'X-1');

describe('route table', () => {
  const table = new RouteTable();

  it('holds exactly the public routes of the matrix', () => {
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      EXPECTED.map(([m, p]) => `${m} ${p}`).sort(),
    );
  });

  it.each(EXPECTED)('%s %s goes to %s for %j', (method, path, service, roles) => {
    const match = table.match(method, `/api/v1${concrete(path)}`);
    expect(match).toBeDefined();
    expect(match?.route.path).toBe(path);
    expect(match?.route.service).toBe(service);
    expect([...(match?.route.roles ?? [])].sort()).toEqual([...roles].sort());
  });

  it('never lets admin move money or decide claims', () => {
    // Creating a fund and issuing a month's statements move no money and decide nothing.
    const moneyOrDecisions = ROUTES.filter(
      (r) =>
        r.method !== 'GET' &&
        r.service !== 'gateway' &&
        !['/admin/funds', '/admin/statements', '/admin/subsidy-funds'].includes(r.path),
    );
    expect(moneyOrDecisions.length).toBeGreaterThan(0);
    for (const route of moneyOrDecisions) expect(route.roles).not.toContain('admin');
  });

  it('lets regulators read only', () => {
    for (const route of ROUTES.filter((r) => r.roles.includes('regulator')))
      expect(route.method).toBe('GET');
  });

  it('strips /api/v1, keeps the query, and rewrites admin/funds to the service path', () => {
    expect(table.match('GET', '/api/v1/loans/abc?x=1&y=%20')?.upstreamPath).toBe(
      '/loans/abc?x=1&y=%20',
    );
    expect(table.match('GET', '/api/v1/loans/abc')?.params).toEqual({ loanId: 'abc' });
    expect(table.match('POST', '/api/v1/admin/funds')?.upstreamPath).toBe('/funds');
    expect(table.match('POST', '/api/v1/funds/TOWN%3ATORCH/deposits')?.upstreamPath).toBe(
      '/funds/TOWN%3ATORCH/deposits',
    );
  });

  it('prefers a static segment over a parameter', () => {
    expect(table.match('POST', '/api/v1/loans/bulk')?.route.path).toBe('/loans/bulk');
  });

  it.each([
    ['DELETE', '/api/v1/loans'],
    ['GET', '/api/v1/nothing'],
    ['GET', '/loans'],
    ['GET', '/api/v2/loans'],
    ['GET', '/api/v1/loans/'],
    ['GET', '/api/v1/loans/a/b'],
    ['POST', '/api/v1/loans/../admin/banks'],
    ['POST', '/api/v1/loans/%2e%2e/defaults'],
    ['POST', '/api/v1/loans/a%2Fb/defaults'],
    ['GET', '/api/v1//loans'],
  ])('does not match %s %s', (method, url) => {
    expect(table.match(method, url)).toBeUndefined();
  });

  it('refuses a table that declares a route twice', () => {
    const first = ROUTES[0];
    if (first === undefined) throw new Error('no routes');
    expect(() => new RouteTable([first, first])).toThrow(/twice/);
  });
});
