import { invariant } from '../domain-error';
import type { Fen } from '../money';
import {
  AccountCounters,
  FUND_CREDIT_SOURCES,
  PeriodPosting,
  SUBSIDY_EVENT_TYPES,
} from './fund-statement';

/**
 * An institution's (bank's) monthly statement (docs/domain.md §10), from the ledger's own data:
 * its four accounts' counters at the period's opening and closing journal positions and the
 * postings between them. Loans registered and repaid, exposure and quota use are not in the
 * ledger and so not on this statement (ADR 0015).
 */
export type BankAccountRole =
  'compensation-received' | 'loss-borne' | 'recoveries-owed' | 'recoveries-remitted';

export const BANK_ACCOUNT_ROLES: readonly BankAccountRole[] = [
  'compensation-received',
  'loss-borne',
  'recoveries-owed',
  'recoveries-remitted',
];

export function bankAccountName(bankId: string, role: BankAccountRole): string {
  return `bank:${bankId}:${role}`;
}

export const BANK_EVENT_SOURCES = {
  payout: 'settlement.payout-completed.v1',
  approval: 'pool.claim-approved.v1',
  recovery: 'pool.recovery-shared.v1',
  remittance: FUND_CREDIT_SOURCES.recovery,
} as const;

/** One claim's movements of the month on the bank's accounts. */
export interface BankClaimMovements {
  readonly claimId: string;
  readonly loanId: string;
  readonly compensationReceivedFen: Fen;
  readonly lossBorneFen: Fen;
  /** Recoveries the bank came to owe (a negative change of a recovery lowers it). */
  readonly recoveriesAssessedFen: Fen;
  /** Owed recoveries settled by remittances. */
  readonly recoveriesSettledFen: Fen;
}

export interface BankStatementFigures {
  readonly bankId: string;
  readonly compensationReceivedFen: Fen;
  readonly compensationReceivedToDateFen: Fen;
  readonly lossBorneFen: Fen;
  readonly lossBorneToDateFen: Fen;
  readonly recoveriesOwedOpeningFen: Fen;
  readonly recoveriesAssessedFen: Fen;
  readonly recoveriesSettledFen: Fen;
  readonly recoveriesOwedClosingFen: Fen;
  /** Cash remitted to the funds (an overpayment included, as the funds receive it). */
  readonly recoveriesRemittedFen: Fen;
  readonly recoveriesRemittedToDateFen: Fen;
  /** Claims with a movement this month, in claim id order. */
  readonly claims: readonly BankClaimMovements[];
  /** Interest subsidy granted on its loans (to the loans' payables) this month. */
  readonly subsidyGrantedFen: Fen;
  /** Interest subsidy paid to its borrowers this month. */
  readonly subsidyPaidFen: Fen;
}

export interface BankPeriodPosting extends PeriodPosting {
  readonly claimId?: string | undefined;
  readonly loanId?: string | undefined;
}

export interface BankStatementInput {
  readonly bankId: string;
  readonly opening: Readonly<Record<BankAccountRole, AccountCounters>>;
  readonly closing: Readonly<Record<BankAccountRole, AccountCounters>>;
  /** Every posting of the period; postings of other accounts are ignored. */
  readonly postings: readonly BankPeriodPosting[];
  /**
   * The postings of the period's subsidy entries that name this bank (its loans' grants and
   * payments post to loan and fund accounts, none of the bank's own).
   */
  readonly subsidyPostings?: readonly PeriodPosting[];
}

const SUBSIDY_PAYABLE = /^loan:.+:subsidy-payable:fund:.+$/;
const SUBSIDIES_PAID = /^fund:.+:subsidies-paid$/;

/** What the bank's borrowers were granted and paid, from the subsidy entries naming the bank. */
export function bankSubsidyFigures(postings: readonly PeriodPosting[]): {
  subsidyGrantedFen: Fen;
  subsidyPaidFen: Fen;
} {
  let subsidyGrantedFen = 0n;
  let subsidyPaidFen = 0n;
  for (const p of postings) {
    if (p.side !== 'CREDIT') continue;
    if (p.eventType === SUBSIDY_EVENT_TYPES.grant && SUBSIDY_PAYABLE.test(p.account))
      subsidyGrantedFen += p.postedDeltaFen;
    else if (p.eventType === SUBSIDY_EVENT_TYPES.payment && SUBSIDIES_PAID.test(p.account))
      subsidyPaidFen += p.postedDeltaFen;
  }
  return { subsidyGrantedFen, subsidyPaidFen };
}

/** The recoveries a bank owes: debits (assessed) less credits (settled or lowered), posted. */
export function owedOf(c: AccountCounters): Fen {
  return c.debitsPosted - c.creditsPosted;
}

/**
 * The figures of one bank's statement. Throws (an invariant) when an account's opening plus the
 * month's movements is not its closing: such a statement is never issued.
 */
export function bankStatementFigures(input: BankStatementInput): BankStatementFigures {
  const name = (role: BankAccountRole) => bankAccountName(input.bankId, role);
  let compensationReceivedFen = 0n;
  let lossBorneFen = 0n;
  let recoveriesAssessedFen = 0n;
  let recoveriesSettledFen = 0n;
  let recoveriesRemittedFen = 0n;
  const claims = new Map<string, BankClaimMovements>();
  const onClaim = (p: BankPeriodPosting, change: Partial<BankClaimMovements>) => {
    if (p.claimId === undefined) return;
    const c = claims.get(p.claimId) ?? {
      claimId: p.claimId,
      loanId: p.loanId ?? '',
      compensationReceivedFen: 0n,
      lossBorneFen: 0n,
      recoveriesAssessedFen: 0n,
      recoveriesSettledFen: 0n,
    };
    claims.set(p.claimId, {
      ...c,
      compensationReceivedFen: c.compensationReceivedFen + (change.compensationReceivedFen ?? 0n),
      lossBorneFen: c.lossBorneFen + (change.lossBorneFen ?? 0n),
      recoveriesAssessedFen: c.recoveriesAssessedFen + (change.recoveriesAssessedFen ?? 0n),
      recoveriesSettledFen: c.recoveriesSettledFen + (change.recoveriesSettledFen ?? 0n),
    });
  };
  for (const p of input.postings) {
    if (p.account === name('compensation-received') && p.side === 'CREDIT') {
      compensationReceivedFen += p.postedDeltaFen;
      onClaim(p, { compensationReceivedFen: p.postedDeltaFen });
    } else if (p.account === name('loss-borne') && p.side === 'CREDIT') {
      lossBorneFen += p.postedDeltaFen;
      onClaim(p, { lossBorneFen: p.postedDeltaFen });
    } else if (p.account === name('recoveries-owed')) {
      if (p.eventType === BANK_EVENT_SOURCES.remittance && p.side === 'CREDIT') {
        recoveriesSettledFen += p.postedDeltaFen;
        onClaim(p, { recoveriesSettledFen: p.postedDeltaFen });
      } else {
        // A recovery's change: a debit raises what is owed, a credit (a negative change) lowers it.
        const signed = p.side === 'DEBIT' ? p.postedDeltaFen : -p.postedDeltaFen;
        recoveriesAssessedFen += signed;
        onClaim(p, { recoveriesAssessedFen: signed });
      }
    } else if (p.account === name('recoveries-remitted') && p.side === 'DEBIT') {
      recoveriesRemittedFen += p.postedDeltaFen;
    }
  }
  const o = input.opening;
  const c = input.closing;
  const check = (what: string, opening: Fen, moved: Fen, closing: Fen) =>
    invariant(
      opening + moved === closing,
      () =>
        `bank ${input.bankId}: ${what} opening ${opening} + movements ${moved} is not the closing ${closing}`,
    );
  check(
    'compensation received',
    o['compensation-received'].creditsPosted,
    compensationReceivedFen,
    c['compensation-received'].creditsPosted,
  );
  check('loss borne', o['loss-borne'].creditsPosted, lossBorneFen, c['loss-borne'].creditsPosted);
  check(
    'recoveries owed',
    owedOf(o['recoveries-owed']),
    recoveriesAssessedFen - recoveriesSettledFen,
    owedOf(c['recoveries-owed']),
  );
  check(
    'recoveries remitted',
    o['recoveries-remitted'].debitsPosted,
    recoveriesRemittedFen,
    c['recoveries-remitted'].debitsPosted,
  );
  return {
    bankId: input.bankId,
    compensationReceivedFen,
    compensationReceivedToDateFen: c['compensation-received'].creditsPosted,
    lossBorneFen,
    lossBorneToDateFen: c['loss-borne'].creditsPosted,
    recoveriesOwedOpeningFen: owedOf(o['recoveries-owed']),
    recoveriesAssessedFen,
    recoveriesSettledFen,
    recoveriesOwedClosingFen: owedOf(c['recoveries-owed']),
    recoveriesRemittedFen,
    recoveriesRemittedToDateFen: c['recoveries-remitted'].debitsPosted,
    claims: [...claims.values()].sort((a, b) => (a.claimId < b.claimId ? -1 : 1)),
    ...bankSubsidyFigures(input.subsidyPostings ?? []),
  };
}
