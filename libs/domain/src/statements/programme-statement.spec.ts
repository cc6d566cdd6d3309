import fc from 'fast-check';
import { InvariantViolation } from '../domain-error';
import { BankStatementFigures } from './bank-statement';
import { FundStatementFigures } from './fund-statement';
import { programmeStatementFigures } from './programme-statement';

function fund(
  id: string,
  payouts: bigint,
  recoveries: bigint,
  deposits = 0n,
  grants = 0n,
): FundStatementFigures {
  const moved = deposits + recoveries - grants;
  return {
    fundId: id,
    opening: { availableFen: 100n, heldFen: 10n, balanceFen: 110n },
    closing: {
      availableFen: 100n + moved,
      heldFen: 10n - payouts,
      balanceFen: 110n + moved - payouts,
    },
    depositsFen: deposits,
    holdsPlacedFen: 0n,
    holdsReleasedFen: 0n,
    payoutsFen: payouts,
    recoveriesReceivedFen: recoveries,
    subsidyGrantsFen: grants,
    subsidyLapsedFen: grants / 2n,
    subsidiesPaidFen: grants,
    otherCreditsFen: 0n,
    otherDebitsFen: 0n,
  };
}
function bank(id: string, compensation: bigint, remitted: bigint): BankStatementFigures {
  return {
    bankId: id,
    compensationReceivedFen: compensation,
    compensationReceivedToDateFen: compensation,
    lossBorneFen: 0n,
    lossBorneToDateFen: 0n,
    recoveriesOwedOpeningFen: 0n,
    recoveriesAssessedFen: remitted,
    recoveriesSettledFen: remitted,
    recoveriesOwedClosingFen: 0n,
    recoveriesRemittedFen: remitted,
    recoveriesRemittedToDateFen: remitted,
    claims: [],
    subsidyGrantedFen: 0n,
    subsidyPaidFen: 0n,
  };
}

describe('programmeStatementFigures', () => {
  it('totals every fund and bank line', () => {
    const f = programmeStatementFigures(
      [fund('CITY', 5n, 3n, 1_000n), fund('TOWN:XIAOLAN', 4n, 0n, 20n)],
      [bank('B1', 6n, 3n), bank('B2', 3n, 0n)],
    );
    expect(f.totals).toMatchObject({
      depositsFen: 1_020n,
      payoutsFen: 9n,
      compensationReceivedFen: 9n,
      recoveriesReceivedFen: 3n,
      recoveriesRemittedFen: 3n,
      subsidyGrantsFen: 0n,
      opening: { balanceFen: 220n },
      closing: { balanceFen: 220n + 1_020n + 3n - 9n },
    });
  });

  it('refuses totals where the funds’ payouts are not the banks’ compensation', () => {
    expect(() => programmeStatementFigures([fund('CITY', 5n, 0n)], [bank('B1', 4n, 0n)])).toThrow(
      InvariantViolation,
    );
    expect(() => programmeStatementFigures([fund('CITY', 0n, 2n)], [bank('B1', 0n, 1n)])).toThrow(
      /recoveries/,
    );
  });

  it('property: closing total = opening total + deposits + recoveries − payouts − subsidy grants', () => {
    const amount = fc.bigInt({ min: 0n, max: 1_000_000_000n });
    fc.assert(
      fc.property(fc.array(fc.tuple(amount, amount, amount, amount), { maxLength: 8 }), (lines) => {
        const funds = lines.map(([p, r, d, g], i) => fund(`F${i}`, p, r, d, g));
        const banks = lines.map(([p, r], i) => bank(`B${i}`, p, r));
        const t = programmeStatementFigures(funds, banks).totals;
        expect(t.closing.balanceFen).toBe(
          t.opening.balanceFen +
            t.depositsFen +
            t.recoveriesReceivedFen -
            t.payoutsFen -
            t.subsidyGrantsFen,
        );
      }),
    );
  });
});
