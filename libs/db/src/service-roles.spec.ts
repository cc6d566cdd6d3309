import {
  provisionStatements,
  runtimeGrantStatements,
  serviceRoleNames,
  urlAsRole,
  userOfUrl,
} from './service-roles';

describe('service roles', () => {
  it('derives the two roles from the schema, and refuses a bad one', () => {
    expect(serviceRoleNames('pool_allocation')).toEqual({
      owner: 'riskpool_pool_allocation_owner',
      runtime: 'riskpool_pool_allocation_app',
    });
    expect(() => serviceRoleNames('x"; DROP')).toThrow(/invalid schema name/);
  });

  it('gives the runtime role only SELECT and INSERT on append-only tables, and never DDL', () => {
    const sql = runtimeGrantStatements('ledger', 'riskpool_ledger_app', ['entries']).join('\n');
    expect(sql).toContain('REVOKE UPDATE, DELETE ON "ledger"."entries" FROM "riskpool_ledger_app"');
    expect(sql).not.toMatch(/TRUNCATE|TRIGGER|CREATE|ALL PRIVILEGES/);
  });

  it('quotes passwords and leaves no default one', () => {
    const sql = provisionStatements('riskpool', {
      schema: 'ledger',
      ownerPassword: "o'wn",
      runtimePassword: 'rt',
    }).join('\n');
    expect(sql).toContain("PASSWORD 'o''wn'");
    expect(sql).toContain(
      'CREATE SCHEMA IF NOT EXISTS "ledger" AUTHORIZATION "riskpool_ledger_owner"',
    );
  });

  it('swaps the user of a URL', () => {
    const url = urlAsRole(
      'postgres://postgres@127.0.0.1:5432/db?x=1',
      'riskpool_ledger_app',
      'p@ss',
    );
    expect(url).toBe('postgres://riskpool_ledger_app:p%40ss@127.0.0.1:5432/db?x=1');
    expect(userOfUrl(url)).toBe('riskpool_ledger_app');
  });
});
