import { withUsccCheckCharacter } from '@riskpool/domain';
import { csvRecords, parseBulkBody, parseCsv, parseJsonLines } from '@riskpool/service-kit';
import { RegisterLoanDto } from './register-loan.dto';
import { LOAN_BULK_FORMAT } from './bulk-rows';

const uscc = withUsccCheckCharacter('91440101MA5CXXXX0');
const row = (ref: string, extra: Record<string, unknown> = {}) => ({
  bankReference: ref,
  enterprise: { uscc, name: 'Acme', townCode: 'XIAOLAN', qualifications: ['HNTE'] },
  principalFen: '100000',
  annualRateBp: 400,
  disbursementDate: '2026-01-10',
  maturityDate: '2027-01-10',
  ...extra,
});

describe('bulk bodies', () => {
  it('reads JSON lines, one result per row, a bad row next to good ones', () => {
    const text = [
      JSON.stringify(row('A-1')),
      '',
      '{not json',
      JSON.stringify(row('A-2', { principalFen: 12.5 })),
      JSON.stringify(row('A-3', { flags: ['IP_PLEDGE'] })),
    ].join('\n');
    const rows = parseJsonLines(RegisterLoanDto, text);
    expect(rows.map((r) => [r.row, r.ok])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, true],
    ]);
    const bad = rows[2];
    expect(bad?.ok === false && [...new Set(bad.errors.map((e) => e.field))]).toEqual([
      'principalFen',
    ]);
  });

  it('reads CSV with quoted cells and list columns', () => {
    const text =
      'bankReference,uscc,enterpriseName,townCode,qualifications,principalFen,annualRateBp,disbursementDate,maturityDate,flags\r\n' +
      `C-1,${uscc},"Acme, ""Ltd""",XIAOLAN,HNTE|SRDI,500,450,2026-01-10,2027-01-10,IP_PLEDGE\r\n` +
      `C-2,${uscc},Acme,XIAOLAN,UNKNOWN,5.5,x,2026-02-30,2027-01-10,\r\n`;
    const rows = parseCsv(LOAN_BULK_FORMAT, text);
    expect(rows[0]).toMatchObject({
      ok: true,
      dto: {
        enterprise: { name: 'Acme, "Ltd"', qualifications: ['HNTE', 'SRDI'] },
        annualRateBp: 450,
        flags: ['IP_PLEDGE'],
      },
    });
    const second = rows[1];
    expect(second?.ok).toBe(false);
    expect(second?.ok === false && second.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining([
        'enterprise.qualifications',
        'principalFen',
        'annualRateBp',
        'disbursementDate',
      ]),
    );
  });

  it('refuses a CSV header that misses or invents columns', () => {
    expect(() => parseCsv(LOAN_BULK_FORMAT, 'bankReference,color\nx,y')).toThrow(/header/);
  });

  it('splits CSV records across quoted line breaks', () => {
    expect(csvRecords('a,"b\nc"\n1,2\n')).toEqual([
      ['a', 'b\nc'],
      ['1', '2'],
    ]);
  });

  it('chooses the parser by content type and accepts {"loans": [...]} as JSON', () => {
    expect(
      parseBulkBody(LOAN_BULK_FORMAT, 'application/json', { loans: [row('J-1')] }),
    ).toHaveLength(1);
    expect(() => parseBulkBody(LOAN_BULK_FORMAT, 'application/json', { rows: [] })).toThrow();
    expect(
      parseBulkBody(LOAN_BULK_FORMAT, 'application/x-ndjson', JSON.stringify(row('J-2')))[0]?.ok,
    ).toBe(true);
  });
});
