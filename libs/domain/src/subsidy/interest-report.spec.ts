import {
  type InterestReportContext,
  type InterestReportInput,
  defaultedDuring,
  interestReportProblems,
  periodsOverlap,
} from './interest-report';

const report = (overrides: Partial<InterestReportInput> = {}): InterestReportInput => ({
  periodStart: '2026-01-01',
  periodEnd: '2026-04-01',
  interestPaidFen: 11_835_616n,
  outstandingAtStartFen: 800_000_000n,
  payeeAccountNo: '6222020200112233',
  payeeAccountName: 'Xiaolan Optics Co., Ltd.',
  ...overrides,
});

const context = (overrides: Partial<InterestReportContext> = {}): InterestReportContext => ({
  today: '2026-04-10',
  loan: {
    status: 'REGISTERED',
    disbursementDate: '2025-12-15',
    maturityDate: '2027-12-15',
    flags: ['IP_PLEDGE'],
    outstandingOnPeriodStartFen: 800_000_000n,
    defaultEpisodes: [],
    everWrittenOff: false,
  },
  earlierPeriods: [],
  townHasSubsidyFund: true,
  terms: { subsidyRequiresFlags: [] },
  ...overrides,
});

const fieldsAndCodes = (r: InterestReportInput, c: InterestReportContext): string[] =>
  interestReportProblems(r, c).map((p) => `${p.field}:${p.code}`);

describe('interestReportProblems', () => {
  it('accepts a quarter inside the term, ended before today', () => {
    expect(interestReportProblems(report(), context())).toEqual([]);
    expect(fieldsAndCodes(report({ periodEnd: '2026-04-10' }), context())).toEqual([]);
  });

  it('refuses a period ending after today, outside the term, or empty', () => {
    expect(fieldsAndCodes(report({ periodEnd: '2026-04-11' }), context())).toEqual([
      'periodEnd:PERIOD_IN_FUTURE',
    ]);
    expect(fieldsAndCodes(report({ periodStart: '2025-12-14' }), context())).toEqual([
      'periodStart:PERIOD_BEFORE_DISBURSEMENT',
    ]);
    const late = context({ today: '2028-06-01' });
    expect(
      fieldsAndCodes(report({ periodStart: '2027-12-01', periodEnd: '2027-12-16' }), late),
    ).toEqual(['periodEnd:PERIOD_AFTER_MATURITY']);
    expect(fieldsAndCodes(report({ periodEnd: '2026-01-01' }), context())).toEqual([
      'periodEnd:PERIOD_EMPTY',
    ]);
    expect(fieldsAndCodes(report({ periodEnd: '2026-02-30' }), context())).toEqual([
      'periodEnd:DATE_INVALID',
    ]);
  });

  it('refuses a period sharing a day with an earlier report, but not one that abuts it', () => {
    const earlier = { periodStart: '2026-03-31', periodEnd: '2026-05-01' };
    expect(fieldsAndCodes(report(), context({ earlierPeriods: [earlier] }))).toEqual([
      'periodStart:PERIOD_OVERLAPS',
    ]);
    const abutting = { periodStart: '2026-04-01', periodEnd: '2026-05-01' };
    expect(fieldsAndCodes(report(), context({ earlierPeriods: [abutting] }))).toEqual([]);
  });

  it('refuses interest of zero, a bad outstanding, a bad payee account', () => {
    expect(
      fieldsAndCodes(
        report({
          interestPaidFen: 0n,
          outstandingAtStartFen: 800_000_001n,
          payeeAccountNo: '12345678x9',
          payeeAccountName: '  ',
        }),
        context(),
      ),
    ).toEqual([
      'interestPaidFen:NOT_POSITIVE',
      'outstandingAtStartFen:ABOVE_OUTSTANDING',
      'payeeAccountNo:ACCOUNT_INVALID',
      'payeeAccountName:NAME_REQUIRED',
    ]);
    expect(fieldsAndCodes(report({ outstandingAtStartFen: 0n }), context())).toEqual([
      'outstandingAtStartFen:NOT_POSITIVE',
    ]);
    expect(fieldsAndCodes(report({ payeeAccountNo: '123456789' }), context())).toEqual([
      'payeeAccountNo:ACCOUNT_INVALID',
    ]);
    expect(fieldsAndCodes(report({ payeeAccountNo: '1'.repeat(33) }), context())).toEqual([
      'payeeAccountNo:ACCOUNT_INVALID',
    ]);
    expect(fieldsAndCodes(report({ payeeAccountNo: '1'.repeat(32) }), context())).toEqual([]);
  });

  it('refuses a loan defaulted on any day of the period, the cure day included', () => {
    const loan = context().loan;
    const cured = (reportedOn: string, curedOn?: string): InterestReportContext =>
      context({
        loan: { ...loan, defaultEpisodes: [{ reportedOn, ...(curedOn ? { curedOn } : {}) }] },
      });
    expect(fieldsAndCodes(report(), cured('2025-12-20', '2026-01-01'))).toEqual([
      'loanId:LOAN_DEFAULTED_IN_PERIOD',
    ]);
    expect(fieldsAndCodes(report(), cured('2026-03-31', '2026-04-05'))).toEqual([
      'loanId:LOAN_DEFAULTED_IN_PERIOD',
    ]);
    expect(fieldsAndCodes(report(), cured('2025-12-20', '2025-12-31'))).toEqual([]);
    expect(fieldsAndCodes(report(), cured('2026-04-01', '2026-04-05'))).toEqual([]);
  });

  it('refuses a loan that is not REGISTERED or CLOSED, written off, without a fund or a flag', () => {
    const loan = context().loan;
    expect(fieldsAndCodes(report(), context({ loan: { ...loan, status: 'CLOSED' } }))).toEqual([]);
    expect(fieldsAndCodes(report(), context({ loan: { ...loan, status: 'COMPENSATED' } }))).toEqual(
      ['loanId:LOAN_NOT_ELIGIBLE_STATE'],
    );
    expect(
      fieldsAndCodes(
        report(),
        context({ loan: { ...loan, status: 'WRITTEN_OFF', everWrittenOff: true } }),
      ),
    ).toEqual(['loanId:LOAN_WRITTEN_OFF']);
    expect(fieldsAndCodes(report(), context({ townHasSubsidyFund: false }))).toEqual([
      'loanId:NO_SUBSIDY_FUND',
    ]);
    const flagged = context({ terms: { subsidyRequiresFlags: ['IP_PLEDGE'] } });
    expect(fieldsAndCodes(report(), flagged)).toEqual([]);
    expect(fieldsAndCodes(report(), { ...flagged, loan: { ...loan, flags: [] } })).toEqual([
      'loanId:FLAG_REQUIRED',
    ]);
  });
});

describe('period helpers', () => {
  it('treats periods as half open', () => {
    const q1 = { periodStart: '2026-01-01', periodEnd: '2026-04-01' };
    expect(periodsOverlap(q1, { periodStart: '2026-04-01', periodEnd: '2026-07-01' })).toBe(false);
    expect(periodsOverlap(q1, { periodStart: '2026-02-01', periodEnd: '2026-02-02' })).toBe(true);
    expect(defaultedDuring(q1, [{ reportedOn: '2026-03-31' }])).toEqual({
      reportedOn: '2026-03-31',
    });
    expect(defaultedDuring(q1, [{ reportedOn: '2026-04-01' }])).toBeUndefined();
  });
});
