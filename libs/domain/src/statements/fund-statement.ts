import { invariant } from '../domain-error';
import type { Fen } from '../money';

/**
 * A fund's monthly statement (docs/domain.md §10) computed from the ledger's own data: the four
 * counters of the fund's accounts at the period's opening and closing journal positions, and the
 * postings booked between them (each with how it moved its account's counters). Every figure is
 * therefore the ledger's figure for the period, and the opening plus the movements must equal the
 * closing, or nothing is issued.
 */
export interface AccountCounters {
  readonly debitsPending: Fen;
  readonly debitsPosted: Fen;
  readonly creditsPending: Fen;
  readonly creditsPosted: Fen;
}

export const ZERO_COUNTERS: AccountCounters = {
  debitsPending: 0n,
  debitsPosted: 0n,
  creditsPending: 0n,
  creditsPosted: 0n,
};

/** One posting of the period with its effect on its account's counters (the ledger's deltas). */
export interface PeriodPosting {
  readonly seq: bigint;
  readonly eventType: string;
  readonly account: string;
  readonly side: 'DEBIT' | 'CREDIT';
  readonly pendingDeltaFen: Fen;
  readonly postedDeltaFen: Fen;
}

/** Event types whose credit to a fund's available account is a deposit or a recovery. */
export const FUND_CREDIT_SOURCES = {
  deposit: 'pool.fund-deposited.v1',
  /** A subsidy fund's deposit posts as a compensation fund's, on its own `fund:SUBSIDY:…` accounts. */
  subsidyDeposit: 'subsidy.fund-deposited.v1',
  recovery: 'settlement.remittance-received.v1',
} as const;

/**
 * The interest subsidy's events in the ledger (services/ledger README "Interest subsidy"): a
 * round's approval debits each subsidy fund's available by what it granted (to the loans'
 * payables) and its `lapsed` account by what it could not; a payment credits the fund's
 * `subsidies-paid` from a loan's payable.
 */
export const SUBSIDY_EVENT_TYPES = {
  grant: 'subsidy.round-approved.v1',
  payment: 'settlement.subsidy-payment-completed.v1',
} as const;

export interface FundBalance {
  readonly availableFen: Fen;
  readonly heldFen: Fen;
  /** available + held. */
  readonly balanceFen: Fen;
}

export interface FundStatementFigures {
  readonly fundId: string;
  readonly opening: FundBalance;
  readonly closing: FundBalance;
  readonly depositsFen: Fen;
  readonly holdsPlacedFen: Fen;
  readonly holdsReleasedFen: Fen;
  readonly payoutsFen: Fen;
  readonly recoveriesReceivedFen: Fen;
  /** Subsidy grants out of available (a subsidy fund's round approvals). */
  readonly subsidyGrantsFen: Fen;
  /** What a subsidy fund could not grant (cut pro rata): a memo, not money that left it. */
  readonly subsidyLapsedFen: Fen;
  /** Grants paid to enterprises from the loans' payables (money granted in this or an earlier period). */
  readonly subsidiesPaidFen: Fen;
  /** Credits to available from any other event type (none today); shown so the sums still close. */
  readonly otherCreditsFen: Fen;
  /** Posted debits of available that are not hold payments (none today). */
  readonly otherDebitsFen: Fen;
}

export function fundAccountName(
  fundId: string,
  role: 'available' | 'held' | 'lapsed' | 'subsidies-paid',
): string {
  return `fund:${fundId}:${role}`;
}

/** available = credits posted − debits posted − debits pending (pending holds count). */
export function availableOf(c: AccountCounters): Fen {
  return c.creditsPosted - c.debitsPosted - c.debitsPending;
}

/** held = credits pending + what is posted into held and not yet paid out (zero between events). */
export function heldOf(c: AccountCounters): Fen {
  return c.creditsPending + c.creditsPosted - c.debitsPosted;
}

export function fundBalance(available: AccountCounters, held: AccountCounters): FundBalance {
  const availableFen = availableOf(available);
  const heldFen = heldOf(held);
  return { availableFen, heldFen, balanceFen: availableFen + heldFen };
}

export interface FundStatementInput {
  readonly fundId: string;
  readonly openingAvailable: AccountCounters;
  readonly openingHeld: AccountCounters;
  readonly closingAvailable: AccountCounters;
  readonly closingHeld: AccountCounters;
  /** Every posting of the period; postings of other accounts are ignored. */
  readonly postings: readonly PeriodPosting[];
}

/**
 * The figures of one fund's statement. Throws (an invariant) when the opening plus the period's
 * movements is not the closing: a statement that does not close is never issued.
 */
export function fundStatementFigures(input: FundStatementInput): FundStatementFigures {
  const availableAccount = fundAccountName(input.fundId, 'available');
  const heldAccount = fundAccountName(input.fundId, 'held');
  const lapsedAccount = fundAccountName(input.fundId, 'lapsed');
  const paidAccount = fundAccountName(input.fundId, 'subsidies-paid');
  let depositsFen = 0n;
  let recoveriesReceivedFen = 0n;
  let subsidyGrantsFen = 0n;
  let subsidyLapsedFen = 0n;
  let subsidiesPaidFen = 0n;
  let otherCreditsFen = 0n;
  let otherDebitsFen = 0n;
  let holdsPlacedFen = 0n;
  let holdsReleasedFen = 0n;
  let payoutsFen = 0n;
  for (const p of input.postings) {
    if (p.account === heldAccount) {
      if (p.side === 'CREDIT' && p.pendingDeltaFen > 0n) holdsPlacedFen += p.pendingDeltaFen;
      // A resolved hold leaves held except the part posted for payment (POST_PENDING).
      else if (p.side === 'CREDIT' && p.pendingDeltaFen < 0n)
        holdsReleasedFen += -(p.pendingDeltaFen + p.postedDeltaFen);
      else if (p.side === 'DEBIT') payoutsFen += p.postedDeltaFen;
    } else if (p.account === availableAccount) {
      if (p.side === 'CREDIT') {
        if (
          p.eventType === FUND_CREDIT_SOURCES.deposit ||
          p.eventType === FUND_CREDIT_SOURCES.subsidyDeposit
        )
          depositsFen += p.postedDeltaFen;
        else if (p.eventType === FUND_CREDIT_SOURCES.recovery)
          recoveriesReceivedFen += p.postedDeltaFen;
        else otherCreditsFen += p.postedDeltaFen;
      } else if (p.pendingDeltaFen === 0n) {
        // A plain posted debit; hold debits move pending counters and mirror held's figures.
        if (p.eventType === SUBSIDY_EVENT_TYPES.grant) subsidyGrantsFen += p.postedDeltaFen;
        else otherDebitsFen += p.postedDeltaFen;
      }
    } else if (p.account === lapsedAccount && p.side === 'DEBIT') {
      subsidyLapsedFen += p.postedDeltaFen;
    } else if (p.account === paidAccount && p.side === 'CREDIT') {
      subsidiesPaidFen += p.postedDeltaFen;
    }
  }
  const opening = fundBalance(input.openingAvailable, input.openingHeld);
  const closing = fundBalance(input.closingAvailable, input.closingHeld);
  const availableMoved =
    depositsFen +
    recoveriesReceivedFen -
    subsidyGrantsFen +
    otherCreditsFen -
    otherDebitsFen -
    holdsPlacedFen +
    holdsReleasedFen;
  invariant(
    opening.availableFen + availableMoved === closing.availableFen,
    () =>
      `fund ${input.fundId}: opening available ${opening.availableFen} + movements ${availableMoved} is not the closing ${closing.availableFen}`,
  );
  const heldMoved = holdsPlacedFen - holdsReleasedFen - payoutsFen;
  invariant(
    opening.heldFen + heldMoved === closing.heldFen,
    () =>
      `fund ${input.fundId}: opening held ${opening.heldFen} + movements ${heldMoved} is not the closing ${closing.heldFen}`,
  );
  return {
    fundId: input.fundId,
    opening,
    closing,
    depositsFen,
    holdsPlacedFen,
    holdsReleasedFen,
    payoutsFen,
    recoveriesReceivedFen,
    subsidyGrantsFen,
    subsidyLapsedFen,
    subsidiesPaidFen,
    otherCreditsFen,
    otherDebitsFen,
  };
}

/** Applies the period's postings to counters: the closing counters of an account. */
export function applyPostings(
  opening: AccountCounters,
  account: string,
  postings: readonly PeriodPosting[],
): AccountCounters {
  let { debitsPending, debitsPosted, creditsPending, creditsPosted } = opening;
  for (const p of postings) {
    if (p.account !== account) continue;
    if (p.side === 'DEBIT') {
      debitsPending += p.pendingDeltaFen;
      debitsPosted += p.postedDeltaFen;
    } else {
      creditsPending += p.pendingDeltaFen;
      creditsPosted += p.postedDeltaFen;
    }
  }
  return { debitsPending, debitsPosted, creditsPending, creditsPosted };
}
