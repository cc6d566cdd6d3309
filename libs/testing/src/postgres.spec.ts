import { databaseUrl, redact } from './postgres';

describe('databaseUrl', () => {
  it('replaces the database of an admin URL and keeps everything else', () => {
    expect(
      databaseUrl(
        'postgres://postgres:secret@127.0.0.1:5433/postgres?sslmode=disable',
        'riskpool_test_1_2',
      ),
    ).toBe('postgres://postgres:secret@127.0.0.1:5433/riskpool_test_1_2?sslmode=disable');
  });

  it('refuses names that would need quoting', () => {
    expect(() => databaseUrl('postgres://127.0.0.1/postgres', 'Robert"; drop')).toThrow(
      /invalid database name/,
    );
    expect(() => databaseUrl('postgres://127.0.0.1/postgres', 'x'.repeat(64))).toThrow(
      /invalid database name/,
    );
  });
});

describe('redact', () => {
  it('hides the password only', () => {
    expect(redact('postgres://u:pw@h:1/db')).toBe('postgres://u:***@h:1/db');
    expect(redact('postgres://u@h:1/db')).toBe('postgres://u@h:1/db');
  });
});
