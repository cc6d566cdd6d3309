import fc from 'fast-check';
import { InvariantViolation } from '../domain-error';
import {
  BankAccountRole,
  bankAccountName,
  BankPeriodPosting,
  bankStatementFigures,
  bankSubsidyFigures,
} from './bank-statement';
import { AccountCounters, applyPostings, ZERO_COUNTERS } from './fund-statement';
import { APPROVED, PAYOUT, periodPosting, RECOVERY, REMITTANCE } from './statement-fixtures';

const BANK = 'B1';
const ROLES: BankAccountRole[] = [
  'compensation-received',
  'loss-borne',
  'recoveries-owed',
  'recoveries-remitted',
];

function p(
  seq: number,
  eventType: string,
  role: BankAccountRole | string,
  side: 'DEBIT' | 'CREDIT',
  amount: bigint,
  claimId?: string,
): BankPeriodPosting {
  const account = role.includes(':') ? role : bankAccountName(BANK, role as BankAccountRole);
  return {
    ...periodPosting(seq, eventType, account, side, amount),
    ...(claimId !== undefined ? { claimId, loanId: `L-${claimId}` } : {}),
  };
}

function counters(
  opening: Record<BankAccountRole, AccountCounters>,
  postings: readonly BankPeriodPosting[],
): Record<BankAccountRole, AccountCounters> {
  return Object.fromEntries(
    ROLES.map((r) => [r, applyPostings(opening[r], bankAccountName(BANK, r), postings)]),
  ) as Record<BankAccountRole, AccountCounters>;
}

const zero = Object.fromEntries(ROLES.map((r) => [r, ZERO_COUNTERS])) as Record<
  BankAccountRole,
  AccountCounters
>;
// Opening: 500 yuan received before, 20 yuan of recoveries owed.
const opening = {
  ...zero,
  'compensation-received': { ...ZERO_COUNTERS, creditsPosted: 50_000n },
  'recoveries-owed': { ...ZERO_COUNTERS, debitsPosted: 2_000n },
};
const month: BankPeriodPosting[] = [
  p(10, APPROVED, 'loss-borne', 'CREDIT', 33_000n, 'C2'),
  p(11, PAYOUT, 'fund:CITY:held', 'DEBIT', 10_000n, 'C2'),
  p(11, PAYOUT, 'compensation-received', 'CREDIT', 10_000n, 'C2'),
  p(12, RECOVERY, 'recoveries-owed', 'DEBIT', 1_234n, 'C2'),
  // A negative change of a recovery (−1 fen of rounding) lowers what is owed.
  p(13, RECOVERY, 'recoveries-owed', 'CREDIT', 1n, 'C1'),
  p(14, REMITTANCE, 'recoveries-owed', 'CREDIT', 2_000n, 'C1'),
  p(15, REMITTANCE, 'recoveries-remitted', 'DEBIT', 2_100n),
  p(16, PAYOUT, 'bank:B2:compensation-received', 'CREDIT', 777n, 'C9'),
];

describe('bankStatementFigures', () => {
  it('reads each movement of the month and each claim’s from the postings', () => {
    const f = bankStatementFigures({
      bankId: BANK,
      opening,
      closing: counters(opening, month),
      postings: month,
    });
    expect(f).toEqual({
      bankId: BANK,
      compensationReceivedFen: 10_000n,
      compensationReceivedToDateFen: 60_000n,
      lossBorneFen: 33_000n,
      lossBorneToDateFen: 33_000n,
      recoveriesOwedOpeningFen: 2_000n,
      recoveriesAssessedFen: 1_233n,
      recoveriesSettledFen: 2_000n,
      recoveriesOwedClosingFen: 1_233n,
      recoveriesRemittedFen: 2_100n,
      recoveriesRemittedToDateFen: 2_100n,
      subsidyGrantedFen: 0n,
      subsidyPaidFen: 0n,
      claims: [
        {
          claimId: 'C1',
          loanId: 'L-C1',
          compensationReceivedFen: 0n,
          lossBorneFen: 0n,
          recoveriesAssessedFen: -1n,
          recoveriesSettledFen: 2_000n,
        },
        {
          claimId: 'C2',
          loanId: 'L-C2',
          compensationReceivedFen: 10_000n,
          lossBorneFen: 33_000n,
          recoveriesAssessedFen: 1_234n,
          recoveriesSettledFen: 0n,
        },
      ],
    });
  });

  it('reads the interest subsidy granted on its loans and paid to its borrowers', () => {
    const S = 'SUBSIDY:CITY';
    const GRANT = 'subsidy.round-approved.v1';
    const PAID = 'settlement.subsidy-payment-completed.v1';
    expect(
      bankSubsidyFigures([
        p(20, GRANT, `fund:${S}:available`, 'DEBIT', 600n),
        p(20, GRANT, `loan:L1:subsidy-payable:fund:${S}`, 'CREDIT', 600n),
        p(20, GRANT, `fund:${S}:lapsed`, 'DEBIT', 300n),
        p(20, GRANT, `loan:L1:subsidy-lapsed:fund:${S}`, 'CREDIT', 300n),
        p(21, PAID, `loan:L1:subsidy-payable:fund:${S}`, 'DEBIT', 450n),
        p(21, PAID, `fund:${S}:subsidies-paid`, 'CREDIT', 450n),
      ]),
    ).toEqual({ subsidyGrantedFen: 600n, subsidyPaidFen: 450n });
  });

  it('refuses a statement whose closing is not opening plus movements', () => {
    const closing = counters(opening, month);
    expect(() =>
      bankStatementFigures({
        bankId: BANK,
        opening,
        closing: {
          ...closing,
          'recoveries-owed': { ...closing['recoveries-owed'], creditsPosted: 0n },
        },
        postings: month,
      }),
    ).toThrow(InvariantViolation);
  });

  it('property: for any month of bank postings, opening + movements = closing on every account', () => {
    const posting = fc
      .tuple(
        fc.constantFrom(PAYOUT, APPROVED, RECOVERY, REMITTANCE),
        fc.constantFrom(...ROLES),
        fc.constantFrom<'DEBIT' | 'CREDIT'>('DEBIT', 'CREDIT'),
        fc.bigInt({ min: 1n, max: 10_000_000_000n }),
        fc.constantFrom('C1', 'C2', undefined),
      )
      .map(([type, role, side, amount, claim]) => p(1, type, role, side, amount, claim));
    fc.assert(
      fc.property(fc.array(posting, { maxLength: 30 }), (postings) => {
        // Only the sides the ledger books: credits to compensation and loss, remitted as debits.
        const booked = postings.filter(
          (x) =>
            (x.account.endsWith('recoveries-owed') &&
              (x.eventType === RECOVERY || x.side === 'CREDIT')) ||
            (x.account.endsWith('recoveries-remitted') && x.side === 'DEBIT') ||
            (!x.account.endsWith('recoveries-owed') &&
              !x.account.endsWith('recoveries-remitted') &&
              x.side === 'CREDIT'),
        );
        const f = bankStatementFigures({
          bankId: BANK,
          opening,
          closing: counters(opening, booked),
          postings: booked,
        });
        const perClaim = f.claims.reduce((s, c) => s + c.compensationReceivedFen, 0n);
        const unattributed = booked
          .filter((x) => x.claimId === undefined && x.account.endsWith('compensation-received'))
          .reduce((s, x) => s + x.postedDeltaFen, 0n);
        expect(perClaim + unattributed).toBe(f.compensationReceivedFen);
        expect(f.recoveriesOwedOpeningFen + f.recoveriesAssessedFen - f.recoveriesSettledFen).toBe(
          f.recoveriesOwedClosingFen,
        );
      }),
    );
  });
});
