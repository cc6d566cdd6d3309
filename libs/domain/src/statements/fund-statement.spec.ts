import { InvariantViolation } from '../domain-error';
import {
  AccountCounters,
  applyPostings,
  fundStatementFigures,
  PeriodPosting,
  ZERO_COUNTERS,
} from './fund-statement';
import { DEPOSIT, HOLD, PAYOUT, periodPosting, RELEASE, REMITTANCE } from './statement-fixtures';

const FUND = 'TOWN:XIAOLAN';
const AVAILABLE = 'fund:TOWN:XIAOLAN:available';
const HELD = 'fund:TOWN:XIAOLAN:held';

/** A posting with its pending and posted deltas, in that order. */
const p = (
  seq: number,
  eventType: string,
  account: string,
  side: 'DEBIT' | 'CREDIT',
  pendingDeltaFen: bigint,
  postedDeltaFen: bigint,
): PeriodPosting => periodPosting(seq, eventType, account, side, postedDeltaFen, pendingDeltaFen);

/** Account counters in the order debits pending, debits posted, credits pending, credits posted. */
const counters = (
  debitsPending: bigint,
  debitsPosted: bigint,
  creditsPending: bigint,
  creditsPosted: bigint,
): AccountCounters => ({ debitsPending, debitsPosted, creditsPending, creditsPosted });

// Opening: 350,000 available (one 50,000 hold pending) and 50,000 held.
const openingAvailable: AccountCounters = counters(50_000n, 100_000n, 0n, 500_000n);
const openingHeld: AccountCounters = counters(0n, 100_000n, 50_000n, 100_000n);

// A month: a deposit, a new hold, the old hold paid 30,000 of 50,000 (the rest held again), the
// new hold released, a recovery remitted. Postings of other accounts are in the list too.
const month: PeriodPosting[] = [
  p(11, DEPOSIT, 'fund:TOWN:XIAOLAN:contributions', 'DEBIT', 0n, 200_000n),
  p(11, DEPOSIT, AVAILABLE, 'CREDIT', 0n, 200_000n),
  p(12, HOLD, AVAILABLE, 'DEBIT', 80_000n, 0n),
  p(12, HOLD, HELD, 'CREDIT', 80_000n, 0n),
  p(13, PAYOUT, AVAILABLE, 'DEBIT', -50_000n, 30_000n),
  p(13, PAYOUT, HELD, 'CREDIT', -50_000n, 30_000n),
  p(14, PAYOUT, AVAILABLE, 'DEBIT', 20_000n, 0n),
  p(14, PAYOUT, HELD, 'CREDIT', 20_000n, 0n),
  p(15, PAYOUT, HELD, 'DEBIT', 0n, 30_000n),
  p(15, PAYOUT, 'bank:B1:compensation-received', 'CREDIT', 0n, 30_000n),
  p(16, RELEASE, AVAILABLE, 'DEBIT', -80_000n, 0n),
  p(16, RELEASE, HELD, 'CREDIT', -80_000n, 0n),
  p(17, REMITTANCE, 'bank:B1:recoveries-remitted', 'DEBIT', 0n, 12_345n),
  p(17, REMITTANCE, AVAILABLE, 'CREDIT', 0n, 12_345n),
  p(18, DEPOSIT, 'fund:CITY:available', 'CREDIT', 0n, 999n),
];

describe('fundStatementFigures', () => {
  const closingAvailable = applyPostings(openingAvailable, AVAILABLE, month);
  const closingHeld = applyPostings(openingHeld, HELD, month);
  /** The month's figures of the fund, with a closing counter replaced if given. */
  const monthFigures = (
    closing: { closingAvailable?: AccountCounters; closingHeld?: AccountCounters } = {},
  ) =>
    fundStatementFigures({
      fundId: FUND,
      openingAvailable,
      openingHeld,
      closingAvailable,
      closingHeld,
      postings: month,
      ...closing,
    });

  it('closing counters are the opening ones moved by the postings', () => {
    expect(closingAvailable).toEqual(counters(20_000n, 130_000n, 0n, 712_345n));
    expect(closingHeld).toEqual(counters(0n, 130_000n, 20_000n, 130_000n));
  });

  it('reads each movement of the month from the postings', () => {
    const figures = monthFigures();
    expect(figures).toEqual({
      fundId: FUND,
      opening: { availableFen: 350_000n, heldFen: 50_000n, balanceFen: 400_000n },
      closing: { availableFen: 562_345n, heldFen: 20_000n, balanceFen: 582_345n },
      depositsFen: 200_000n,
      holdsPlacedFen: 100_000n,
      holdsReleasedFen: 100_000n,
      payoutsFen: 30_000n,
      recoveriesReceivedFen: 12_345n,
      subsidyGrantsFen: 0n,
      subsidyLapsedFen: 0n,
      subsidiesPaidFen: 0n,
      otherCreditsFen: 0n,
      otherDebitsFen: 0n,
    });
  });

  it('a fund with no entries yet has all figures zero', () => {
    const figures = fundStatementFigures({
      fundId: 'CITY',
      openingAvailable: ZERO_COUNTERS,
      openingHeld: ZERO_COUNTERS,
      closingAvailable: ZERO_COUNTERS,
      closingHeld: ZERO_COUNTERS,
      postings: [],
    });
    expect(figures.closing.balanceFen).toBe(0n);
    expect(figures.depositsFen).toBe(0n);
  });

  it('refuses to issue a statement whose closing is not opening plus movements', () => {
    expect(() =>
      monthFigures({
        closingAvailable: {
          ...closingAvailable,
          creditsPosted: closingAvailable.creditsPosted + 1n,
        },
      }),
    ).toThrow(InvariantViolation);
    expect(() => monthFigures({ closingHeld: { ...closingHeld, creditsPending: 0n } })).toThrow(
      /opening held 50000/,
    );
  });
});

describe('a subsidy fund’s month', () => {
  const F = 'SUBSIDY:TOWN:XIAOLAN';
  const available = `fund:${F}:available`;
  const GRANT = 'subsidy.round-approved.v1';
  const PAID = 'settlement.subsidy-payment-completed.v1';
  const postings: PeriodPosting[] = [
    p(20, 'subsidy.fund-deposited.v1', `fund:${F}:contributions`, 'DEBIT', 0n, 500_000n),
    p(20, 'subsidy.fund-deposited.v1', available, 'CREDIT', 0n, 500_000n),
    p(21, GRANT, available, 'DEBIT', 0n, 60_000n),
    p(21, GRANT, `loan:L2:subsidy-payable:fund:${F}`, 'CREDIT', 0n, 60_000n),
    p(21, GRANT, `fund:${F}:lapsed`, 'DEBIT', 0n, 30_000n),
    p(21, GRANT, `loan:L2:subsidy-lapsed:fund:${F}`, 'CREDIT', 0n, 30_000n),
    p(22, PAID, `loan:L2:subsidy-payable:fund:${F}`, 'DEBIT', 0n, 45_000n),
    p(22, PAID, `fund:${F}:subsidies-paid`, 'CREDIT', 0n, 45_000n),
  ];

  it('reads deposits, grants out of available, lapses and payments', () => {
    const opening = { ...ZERO_COUNTERS, creditsPosted: 10_000n };
    const figures = fundStatementFigures({
      fundId: F,
      openingAvailable: opening,
      openingHeld: ZERO_COUNTERS,
      closingAvailable: applyPostings(opening, available, postings),
      closingHeld: ZERO_COUNTERS,
      postings,
    });
    expect(figures).toMatchObject({
      depositsFen: 500_000n,
      subsidyGrantsFen: 60_000n,
      subsidyLapsedFen: 30_000n,
      subsidiesPaidFen: 45_000n,
      otherCreditsFen: 0n,
      otherDebitsFen: 0n,
      closing: { availableFen: 10_000n + 500_000n - 60_000n, balanceFen: 450_000n },
    });
  });
});
