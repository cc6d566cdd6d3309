import { invariant } from '../domain-error';
import type { Fen } from '../money';
import { BankStatementFigures } from './bank-statement';
import { FundStatementFigures } from './fund-statement';

/**
 * The programme statement for the regulator (docs/domain.md §10), monthly or for a calendar year:
 * every fund's and every institution's figures for the same journal range, and their totals.
 * Built from the same fund and bank figures as their own statements, so each line equals theirs.
 *
 * Its totals: the funds' opening and closing balances, and the sum of each fund and bank figure.
 */
export type ProgrammeTotals = Pick<FundStatementFigures, 'opening' | 'closing'> &
  Readonly<Record<(typeof FUND_TOTALS)[number] | (typeof BANK_TOTALS)[number], Fen>>;

export interface ProgrammeStatementFigures {
  readonly funds: readonly FundStatementFigures[];
  readonly banks: readonly BankStatementFigures[];
  readonly totals: ProgrammeTotals;
}

function sum<T>(items: readonly T[], of: (item: T) => Fen): Fen {
  return items.reduce((s, item) => s + of(item), 0n);
}

/** Σ of each named figure over the items, in the order named. */
function sums<T, K extends keyof T>(items: readonly T[], keys: readonly K[]): Record<K, Fen> {
  return Object.fromEntries(
    keys.map((key) => [key, sum(items, (item) => item[key] as Fen)]),
  ) as Record<K, Fen>;
}

const BALANCE_FIGURES = ['availableFen', 'heldFen', 'balanceFen'] as const;
const FUND_TOTALS = [
  'depositsFen',
  'holdsPlacedFen',
  'holdsReleasedFen',
  'payoutsFen',
  'recoveriesReceivedFen',
  'subsidyGrantsFen',
  'subsidyLapsedFen',
  'subsidiesPaidFen',
] as const;
const BANK_TOTALS = [
  'compensationReceivedFen',
  'lossBorneFen',
  'recoveriesAssessedFen',
  'recoveriesOwedClosingFen',
  'recoveriesRemittedFen',
] as const;

/**
 * Totals over every fund and bank. Payouts leave the funds only to the banks' compensation and a
 * remittance's cash goes only to a fund's available: the two sides must agree, or nothing is issued.
 */
export function programmeStatementFigures(
  funds: readonly FundStatementFigures[],
  banks: readonly BankStatementFigures[],
): ProgrammeStatementFigures {
  const totals: ProgrammeTotals = {
    opening: sums(
      funds.map((f) => f.opening),
      BALANCE_FIGURES,
    ),
    closing: sums(
      funds.map((f) => f.closing),
      BALANCE_FIGURES,
    ),
    ...sums(funds, FUND_TOTALS),
    ...sums(banks, BANK_TOTALS),
  };
  invariant(
    totals.payoutsFen === totals.compensationReceivedFen,
    () =>
      `programme: funds paid out ${totals.payoutsFen} but banks received ${totals.compensationReceivedFen}`,
  );
  invariant(
    totals.recoveriesReceivedFen === totals.recoveriesRemittedFen,
    () =>
      `programme: funds received recoveries ${totals.recoveriesReceivedFen} but banks remitted ${totals.recoveriesRemittedFen}`,
  );
  return { funds, banks, totals };
}
