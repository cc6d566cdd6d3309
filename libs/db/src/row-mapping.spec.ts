import { camelRow, domainRow, columnAs, paramsOf } from './row-mapping';
import { appendOnlyTriggers, dropTables } from './sql-migration';

describe('camelRow', () => {
  it('names every column in camelCase and converts the columns given a reader', () => {
    const row = camelRow<{ owedId: string; amountFen: bigint; dueOn: string; note: null }>(
      { owed_id: 7, amount_fen: '12345678901234567', due_on: '2026-03-01', note: null },
      { owedId: columnAs.text, amountFen: columnAs.fen, dueOn: columnAs.date },
    );
    expect(row).toEqual({
      owedId: '7',
      amountFen: 12345678901234567n,
      dueOn: '2026-03-01',
      note: null,
    });
  });

  it.each([
    ['a date', new Date('2026-03-01T00:00:00Z'), '2026-03-01'],
    ['a timestamp text', '2026-03-01 10:00:00+00', '2026-03-01'],
  ])('reads %s as a date', (_, value, date) => {
    expect(columnAs.date(value)).toBe(date);
  });

  it('keeps NULL as NULL even where a reader is given', () => {
    expect(
      camelRow<{ amountFen: bigint | null }>({ amount_fen: null }, { amountFen: columnAs.fen }),
    ).toEqual({ amountFen: null });
  });
});

describe('domainRow', () => {
  it('reads every *_fen column as bigint fen, the rest as camelRow does', () => {
    expect(
      domainRow<{ fundId: string; heldFen: bigint; grantedFen: bigint | null; roundNo: number }>(
        { fund_id: 'F1', held_fen: '10', granted_fen: null, round_no: '3' },
        { roundNo: Number },
      ),
    ).toEqual({ fundId: 'F1', heldFen: 10n, grantedFen: null, roundNo: 3 });
  });
});

describe('paramsOf', () => {
  it('takes each column from the field of its camelCase name: bigint as digits, objects as JSON', () => {
    expect(
      paramsOf('loan_id, amount_fen,\n cap_reasons, claim_id', {
        loanId: 'L1',
        amountFen: 5n,
        capReasons: ['A'],
        claimId: undefined,
      }),
    ).toEqual(['L1', '5', '["A"]', null]);
  });

  it('passes bytes and dates as they are', () => {
    const content = Buffer.from('csv');
    const at = new Date('2026-06-30T00:00:00Z');
    expect(paramsOf('content, issued_at', { content, issuedAt: at })).toEqual([content, at]);
  });
});

describe('migration statements', () => {
  const t = (table: string) => `"s"."${table}"`;

  it.each([
    [{}, 'DROP TABLE "s"."a"'],
    [{ ifExists: true, cascade: true }, 'DROP TABLE IF EXISTS "s"."a" CASCADE'],
  ])('drops tables (%j)', (how, sql) => {
    expect(dropTables(t, ['a'], how)).toEqual([sql]);
  });

  it('makes a table append-only by two triggers', () => {
    const [row, truncate] = appendOnlyTriggers(t, ['a'], 'refuse_change');
    expect(row).toContain('BEFORE UPDATE OR DELETE ON "s"."a"');
    expect(truncate).toContain('BEFORE TRUNCATE ON "s"."a"');
    expect(truncate).toContain('EXECUTE FUNCTION "s"."refuse_change"()');
  });
});
