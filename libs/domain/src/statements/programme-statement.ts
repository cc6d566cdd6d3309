import { invariant } from '../domain-error';
import type { Fen } from '../money';
import { BankStatementFigures } from './bank-statement';
import { FundBalance, FundStatementFigures } from './fund-statement';

/**
 * The programme statement for the regulator (docs/domain.md §10), monthly or for a calendar year:
 * every fund's and every institution's figures for the same journal range, and their totals.
 * Built from the same fund and bank figures as their own statements, so each line equals theirs.
 */
export interface ProgrammeTotals {
  readonly opening: FundBalance;
  readonly closing: FundBalance;
  readonly depositsFen: Fen;
  readonly holdsPlacedFen: Fen;
  readonly holdsReleasedFen: Fen;
  readonly payoutsFen: Fen;
  readonly recoveriesReceivedFen: Fen;
  readonly subsidyGrantsFen: Fen;
  readonly subsidyLapsedFen: Fen;
  readonly subsidiesPaidFen: Fen;
  readonly compensationReceivedFen: Fen;
  readonly lossBorneFen: Fen;
  readonly recoveriesAssessedFen: Fen;
  readonly recoveriesOwedClosingFen: Fen;
  readonly recoveriesRemittedFen: Fen;
}

export interface ProgrammeStatementFigures {
  readonly funds: readonly FundStatementFigures[];
  readonly banks: readonly BankStatementFigures[];
  readonly totals: ProgrammeTotals;
}

function sum<T>(items: readonly T[], of: (item: T) => Fen): Fen {
  return items.reduce((s, item) => s + of(item), 0n);
}

function balance(items: readonly FundBalance[]): FundBalance {
  return {
    availableFen: sum(items, (b) => b.availableFen),
    heldFen: sum(items, (b) => b.heldFen),
    balanceFen: sum(items, (b) => b.balanceFen),
  };
}

/**
 * Totals over every fund and bank. Payouts leave the funds only to the banks' compensation and a
 * remittance's cash goes only to a fund's available: the two sides must agree, or nothing is issued.
 */
export function programmeStatementFigures(
  funds: readonly FundStatementFigures[],
  banks: readonly BankStatementFigures[],
): ProgrammeStatementFigures {
  const totals: ProgrammeTotals = {
    opening: balance(funds.map((f) => f.opening)),
    closing: balance(funds.map((f) => f.closing)),
    depositsFen: sum(funds, (f) => f.depositsFen),
    holdsPlacedFen: sum(funds, (f) => f.holdsPlacedFen),
    holdsReleasedFen: sum(funds, (f) => f.holdsReleasedFen),
    payoutsFen: sum(funds, (f) => f.payoutsFen),
    recoveriesReceivedFen: sum(funds, (f) => f.recoveriesReceivedFen),
    subsidyGrantsFen: sum(funds, (f) => f.subsidyGrantsFen),
    subsidyLapsedFen: sum(funds, (f) => f.subsidyLapsedFen),
    subsidiesPaidFen: sum(funds, (f) => f.subsidiesPaidFen),
    compensationReceivedFen: sum(banks, (b) => b.compensationReceivedFen),
    lossBorneFen: sum(banks, (b) => b.lossBorneFen),
    recoveriesAssessedFen: sum(banks, (b) => b.recoveriesAssessedFen),
    recoveriesOwedClosingFen: sum(banks, (b) => b.recoveriesOwedClosingFen),
    recoveriesRemittedFen: sum(banks, (b) => b.recoveriesRemittedFen),
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
