import { AccountCounters, FundStatementFigures, ZERO_COUNTERS } from './fund-statement';
import {
  bankLoanFigures,
  fundsServingTown,
  memoAccountOf,
  programmeLoanFigures,
  ratioBp,
} from './loan-book-statement';
import { APPROVED, DEFAULT, periodPosting, REG, REPAID } from './statement-fixtures';

const p = periodPosting;
const debitBalance = (fen: bigint): AccountCounters => ({ ...ZERO_COUNTERS, debitsPosted: fen });

const X = 'bank:B1:exposure:town:XIAOLAN';
const XM = 'bank:B1:exposure-memo:town:XIAOLAN';
const D = 'bank:B1:defaulted:town:XIAOLAN';
const DM = 'bank:B1:defaulted-memo:town:XIAOLAN';
const G = 'bank:B1:exposure:town:GUZHEN';

describe('the loan book on statements (ADR 0019)', () => {
  it('reads memo account names and nothing else', () => {
    expect(memoAccountOf(X)).toEqual({ bankId: 'B1', role: 'exposure', townCode: 'XIAOLAN' });
    expect(memoAccountOf('bank:B1:quota')).toEqual({ bankId: 'B1', role: 'quota' });
    expect(memoAccountOf('bank:B1:loss-borne')).toBeUndefined();
    expect(memoAccountOf('fund:TOWN:XIAOLAN:available')).toBeUndefined();
  });

  it('counts loans, repayments and defaults and reads exposure, quota use and NPL from balances', () => {
    // Opening: 500 in GUZHEN. The month: two loans in XIAOLAN (1000, 800), a repayment of 100,
    // a default at 850 of the first (50 less exposure), a third loan in GUZHEN approved away.
    const postings = [
      p(11, REG, X, 'DEBIT', 1000n),
      p(11, REG, XM, 'CREDIT', 1000n),
      p(12, REG, X, 'DEBIT', 800n),
      p(12, REG, XM, 'CREDIT', 800n),
      p(13, REPAID, X, 'CREDIT', 100n),
      p(13, REPAID, XM, 'DEBIT', 100n),
      p(14, DEFAULT, D, 'DEBIT', 850n),
      p(14, DEFAULT, DM, 'CREDIT', 850n),
      p(14, DEFAULT, X, 'CREDIT', 50n),
      p(14, DEFAULT, XM, 'DEBIT', 50n),
      p(15, APPROVED, G, 'CREDIT', 500n),
    ];
    const opening = new Map([
      [G, debitBalance(500n)],
      ['bank:B1:quota', debitBalance(10_000n)],
    ]);
    const closing = new Map<string, AccountCounters>([
      [X, { ...ZERO_COUNTERS, debitsPosted: 1800n, creditsPosted: 150n }],
      [D, debitBalance(850n)],
      [G, { ...ZERO_COUNTERS, debitsPosted: 500n, creditsPosted: 500n }],
      ['bank:B1:quota', debitBalance(10_000n)],
      ['bank:B1:loss-borne', { ...ZERO_COUNTERS, creditsPosted: 7n }],
    ]);
    const f = bankLoanFigures({ bankId: 'B1', opening, closing, postings });
    expect(f).toMatchObject({
      loansRegistered: 2n,
      principalRegisteredFen: 1800n,
      repayments: 1n,
      repaidFen: 100n,
      exposureOpeningFen: 500n,
      exposureOtherChangesFen: -550n,
      exposureClosingFen: 1650n,
      quotaFen: 10_000n,
      quotaUseBp: 1650n,
      defaultsReported: 1n,
      defaultedAtReportFen: 850n,
      defaultedClosingFen: 850n,
      nplBp: (850n * 10_000n) / 1650n,
      towns: [
        { townCode: 'GUZHEN', exposureFen: 0n, defaultedFen: 0n },
        { townCode: 'XIAOLAN', exposureFen: 1650n, defaultedFen: 850n },
      ],
    });
    // A closing that the movements do not reach is never issued.
    expect(() =>
      bankLoanFigures({ bankId: 'B1', opening, closing, postings: postings.slice(1) }),
    ).toThrow(/exposure opening \+ movements is not the closing/);

    const fund = (fundId: string, balanceFen: bigint) =>
      ({
        fundId,
        closing: { availableFen: balanceFen, heldFen: 0n, balanceFen },
      }) as FundStatementFigures;
    const funds = [
      fund('CITY', 1000n),
      fund('TOWN:XIAOLAN', 100n),
      fund('TOWN:GUZHEN', 50n),
      fund('SUBSIDY:CITY', 9999n),
    ];
    expect(
      fundsServingTown(['CITY', 'TOWN:XIAOLAN', 'TOWN:GUZHEN', 'SUBSIDY:CITY'], 'XIAOLAN'),
    ).toEqual(['CITY', 'TOWN:XIAOLAN']);
    const programme = programmeLoanFigures([f], funds);
    expect(programme.towns.map((t) => [t.id, t.exposureFen, t.leverageBp, t.nplBp])).toEqual([
      ['GUZHEN', 0n, 0n, null],
      ['XIAOLAN', 1650n, (1650n * 10_000n) / 1100n, (850n * 10_000n) / 1650n],
    ]);
    // B1 lends (at closing) only in XIAOLAN: CITY and XIAOLAN's fund serve it.
    expect(programme.banks[0]).toMatchObject({
      servingFunds: ['CITY', 'TOWN:XIAOLAN'],
      servingFundsBalanceFen: 1100n,
    });
    expect(programme.total).toMatchObject({
      exposureFen: 1650n,
      servingFundsBalanceFen: 1150n,
      leverageBp: (1650n * 10_000n) / 1150n,
    });
  });

  it('rounds ratios down to whole bp and leaves them undefined over zero', () => {
    expect(ratioBp(1n, 3n)).toBe(3333n);
    expect(ratioBp(5n, 0n)).toBeNull();
  });
});
