import { invariant } from '../domain-error';
import type { Fen } from '../money';
import { isSubsidyFundId } from '../subsidy/subsidy-terms';
import { type ClaimMemoRole, claimMemoAccountOf } from './claim-states';
import { AccountCounters, FundStatementFigures, PeriodPosting } from './fund-statement';

/**
 * The loan book on the statements (docs/domain.md §4, §6, §10; ADR 0019): the ledger books each
 * loan's exposure as memo entries per bank and borrower's town, so an institution's loans
 * registered and repaid, exposure, quota use, defaults and NPL ratio, and the programme's exposure,
 * leverage and NPL ratio by town and by institution, are journal balances and movements for the
 * statement's range `(openingSeq, closingSeq]`, like every other figure.
 *
 * Memo accounts (no money; debit balances against a contra):
 * - `bank:<B>:exposure:town:<T>` (contra `exposure-memo`): the exposure of B's loans in town T;
 * - `bank:<B>:defaulted:town:<T>` (contra `defaulted-memo`): the exposure of its DEFAULTED loans;
 * - `bank:<B>:quota` (contra `quota-memo`): the bank's quota, from its admission.
 */
export const BANK_TOWN_MEMO_ROLES = [
  'exposure',
  'exposure-memo',
  'defaulted',
  'defaulted-memo',
] as const;
export type BankTownMemoRole = (typeof BANK_TOWN_MEMO_ROLES)[number];
export const BANK_QUOTA_MEMO_ROLES = ['quota', 'quota-memo'] as const;
export type BankQuotaMemoRole = (typeof BANK_QUOTA_MEMO_ROLES)[number];

const BANK_TOWN_MEMO =
  /^bank:([A-Za-z0-9_-]+):(exposure|exposure-memo|defaulted|defaulted-memo):town:([A-Z0-9_]+)$/;
const BANK_QUOTA_MEMO = /^bank:([A-Za-z0-9_-]+):(quota|quota-memo)$/;

export type MemoAccount =
  | { readonly bankId: string; readonly role: BankTownMemoRole; readonly townCode: string }
  | { readonly bankId: string; readonly role: BankQuotaMemoRole; readonly townCode?: undefined }
  | { readonly bankId: string; readonly role: ClaimMemoRole; readonly townCode?: undefined };

/** Reads a memo account name (the loan book's, or a claim memo); undefined for any other account. */
export function memoAccountOf(account: string): MemoAccount | undefined {
  const town = BANK_TOWN_MEMO.exec(account);
  if (town !== null)
    return {
      bankId: town[1] as string,
      role: town[2] as BankTownMemoRole,
      townCode: town[3] as string,
    };
  const quota = BANK_QUOTA_MEMO.exec(account);
  if (quota !== null) return { bankId: quota[1] as string, role: quota[2] as BankQuotaMemoRole };
  return claimMemoAccountOf(account);
}

export function bankTownMemoAccount(
  bankId: string,
  role: BankTownMemoRole,
  townCode: string,
): string {
  const name = `bank:${bankId}:${role}:town:${townCode}`;
  invariant(memoAccountOf(name) !== undefined, () => `bad memo account ${name}`);
  return name;
}

export function bankQuotaMemoAccount(bankId: string, role: BankQuotaMemoRole): string {
  const name = `bank:${bankId}:${role}`;
  invariant(memoAccountOf(name) !== undefined, () => `bad memo account ${name}`);
  return name;
}

/** The event types whose memo entries the statements read (contracts' topic names). */
export const LOAN_BOOK_EVENT_TYPES = {
  registered: 'loans.loan-registered.v1',
  repaid: 'loans.loan-repaid.v1',
  defaultReported: 'credit.default-reported.v1',
  cured: 'credit.default-cured.v1',
  writtenOff: 'credit.loan-written-off.v1',
  approved: 'pool.claim-approved.v1',
} as const;

/** `floor(part × 10000 ÷ whole)` in bp (as the NPL breaker shows its ratio); null when whole is 0. */
export function ratioBp(part: Fen, whole: Fen): bigint | null {
  return whole === 0n ? null : (part * 10_000n) / whole;
}

/** A memo account's balance: debits less credits, posted (memo entries are POST only). */
function memoBalance(c: AccountCounters | undefined): Fen {
  return c === undefined ? 0n : c.debitsPosted - c.creditsPosted;
}

export interface TownExposure {
  readonly townCode: string;
  readonly exposureFen: Fen;
  readonly defaultedFen: Fen;
}

/** An institution's loan book for the period (its statement's "Loans" and "Defaults"). */
export interface BankLoanFigures {
  readonly bankId: string;
  readonly loansRegistered: bigint;
  readonly principalRegisteredFen: Fen;
  readonly repayments: bigint;
  readonly repaidFen: Fen;
  readonly exposureOpeningFen: Fen;
  /** Exposure ended or changed by defaults, cures, compensation and write-offs. */
  readonly exposureOtherChangesFen: Fen;
  readonly exposureClosingFen: Fen;
  readonly quotaFen: Fen;
  /** Quota use = closing exposure ÷ quota, in bp; null without a quota. */
  readonly quotaUseBp: bigint | null;
  readonly defaultsReported: bigint;
  readonly defaultedAtReportFen: Fen;
  readonly defaultsCuredFen: Fen;
  /** Defaulted exposure that ended by the claim's approval or a write-off. */
  readonly defaultsEndedFen: Fen;
  readonly defaultedOpeningFen: Fen;
  readonly defaultedClosingFen: Fen;
  /** NPL ratio = defaulted exposure ÷ exposure at closing, in bp; null without exposure. */
  readonly nplBp: bigint | null;
  /** Closing exposure per borrower's town, in town order (towns it ever lent in). */
  readonly towns: readonly TownExposure[];
}

export interface BankLoanInput {
  readonly bankId: string;
  /** Counters of the bank's accounts at opening and closing (others than memo ones ignored). */
  readonly opening: ReadonlyMap<string, AccountCounters>;
  readonly closing: ReadonlyMap<string, AccountCounters>;
  /** The bank's postings of the period (others than memo ones ignored). */
  readonly postings: readonly PeriodPosting[];
}

/**
 * One institution's loan book from its memo accounts. Throws (an invariant) unless the opening
 * plus the period's memo movements is the closing of its exposure and defaulted exposure.
 */
export function bankLoanFigures(input: BankLoanInput): BankLoanFigures {
  const T = LOAN_BOOK_EVENT_TYPES;
  const registered = new Set<bigint>();
  const repayments = new Set<bigint>();
  const defaults = new Set<bigint>();
  let principalRegisteredFen = 0n;
  let repaidFen = 0n;
  let exposureOtherChangesFen = 0n;
  let defaultedAtReportFen = 0n;
  let defaultsCuredFen = 0n;
  let defaultsEndedFen = 0n;
  let defaultedOtherFen = 0n;
  for (const p of input.postings) {
    const memo = memoAccountOf(p.account);
    if (memo === undefined || memo.bankId !== input.bankId) continue;
    const signed = p.side === 'DEBIT' ? p.postedDeltaFen : -p.postedDeltaFen;
    if (memo.role === 'exposure') {
      if (p.eventType === T.registered && p.side === 'DEBIT') {
        principalRegisteredFen += p.postedDeltaFen;
        registered.add(p.seq);
      } else if (p.eventType === T.repaid && p.side === 'CREDIT') {
        repaidFen += p.postedDeltaFen;
        repayments.add(p.seq);
      } else exposureOtherChangesFen += signed;
    } else if (memo.role === 'defaulted') {
      if (p.eventType === T.defaultReported && p.side === 'DEBIT') {
        defaultedAtReportFen += p.postedDeltaFen;
        defaults.add(p.seq);
      } else if (p.eventType === T.cured && p.side === 'CREDIT')
        defaultsCuredFen += p.postedDeltaFen;
      else if ((p.eventType === T.approved || p.eventType === T.writtenOff) && p.side === 'CREDIT')
        defaultsEndedFen += p.postedDeltaFen;
      else defaultedOtherFen += signed;
    }
  }
  const sumRole = (counters: ReadonlyMap<string, AccountCounters>, role: BankTownMemoRole) => {
    let fen = 0n;
    for (const [account, c] of counters) {
      const memo = memoAccountOf(account);
      if (memo?.bankId === input.bankId && memo.role === role) fen += memoBalance(c);
    }
    return fen;
  };
  const exposureOpeningFen = sumRole(input.opening, 'exposure');
  const exposureClosingFen = sumRole(input.closing, 'exposure');
  const defaultedOpeningFen = sumRole(input.opening, 'defaulted');
  const defaultedClosingFen = sumRole(input.closing, 'defaulted');
  invariant(
    exposureOpeningFen + principalRegisteredFen - repaidFen + exposureOtherChangesFen ===
      exposureClosingFen,
    () => `bank ${input.bankId}: exposure opening + movements is not the closing`,
  );
  invariant(
    defaultedOpeningFen +
      defaultedAtReportFen -
      defaultsCuredFen -
      defaultsEndedFen +
      defaultedOtherFen ===
      defaultedClosingFen,
    () => `bank ${input.bankId}: defaulted exposure opening + movements is not the closing`,
  );
  const quotaFen = memoBalance(input.closing.get(bankQuotaMemoAccount(input.bankId, 'quota')));
  const towns = new Map<string, { exposureFen: Fen; defaultedFen: Fen }>();
  for (const [account, c] of input.closing) {
    const memo = memoAccountOf(account);
    if (memo?.bankId !== input.bankId || memo.townCode === undefined) continue;
    if (memo.role !== 'exposure' && memo.role !== 'defaulted') continue;
    const t = towns.get(memo.townCode) ?? { exposureFen: 0n, defaultedFen: 0n };
    if (memo.role === 'exposure') t.exposureFen += memoBalance(c);
    else t.defaultedFen += memoBalance(c);
    towns.set(memo.townCode, t);
  }
  return {
    bankId: input.bankId,
    loansRegistered: BigInt(registered.size),
    principalRegisteredFen,
    repayments: BigInt(repayments.size),
    repaidFen,
    exposureOpeningFen,
    exposureOtherChangesFen,
    exposureClosingFen,
    quotaFen,
    quotaUseBp: ratioBp(exposureClosingFen, quotaFen),
    defaultsReported: BigInt(defaults.size),
    defaultedAtReportFen,
    defaultsCuredFen,
    defaultsEndedFen,
    defaultedOpeningFen,
    defaultedClosingFen,
    nplBp: ratioBp(defaultedClosingFen, exposureClosingFen),
    towns: [...towns.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([townCode, t]) => ({ townCode, ...t })),
  };
}

/** Exposure, leverage and NPL ratio of a town, an institution or the whole programme. */
export interface ExposureLine {
  /** The town code, the bank id, or `PROGRAMME`. */
  readonly id: string;
  readonly exposureFen: Fen;
  readonly defaultedFen: Fen;
  readonly nplBp: bigint | null;
  /** The compensation funds that serve it, by id, and their closing balance (available + held). */
  readonly servingFunds: readonly string[];
  readonly servingFundsBalanceFen: Fen;
  /** Leverage = exposure ÷ the serving funds' balance, in bp; null when that balance is 0. */
  readonly leverageBp: bigint | null;
}

export interface ProgrammeLoanFigures {
  readonly towns: readonly ExposureLine[];
  readonly banks: readonly ExposureLine[];
  readonly total: ExposureLine;
}

/**
 * The compensation funds that serve a town (ADR 0019): its own fund `TOWN:<code>` and every
 * compensation fund that is not a town's (`CITY`, a provincial one), as a policy's split names the
 * town's fund beside them; subsidy funds compensate nothing.
 */
export function fundsServingTown(fundIds: readonly string[], townCode: string): string[] {
  return fundIds.filter(
    (f) => !isSubsidy(f) && (!f.startsWith('TOWN:') || f === `TOWN:${townCode}`),
  );
}

const isSubsidy = (fundId: string): boolean => isSubsidyFundId(fundId);

function line(
  id: string,
  exposureFen: Fen,
  defaultedFen: Fen,
  servingFunds: readonly string[],
  balances: ReadonlyMap<string, Fen>,
): ExposureLine {
  const servingFundsBalanceFen = servingFunds.reduce((s, f) => s + (balances.get(f) ?? 0n), 0n);
  return {
    id,
    exposureFen,
    defaultedFen,
    nplBp: ratioBp(defaultedFen, exposureFen),
    servingFunds,
    servingFundsBalanceFen,
    leverageBp: ratioBp(exposureFen, servingFundsBalanceFen),
  };
}

/**
 * The programme's exposure, leverage and NPL ratio by town, by institution and in total, from the
 * institutions' loan figures and the funds' closing balances of the same range. An institution is
 * served by the funds serving the towns where it has exposure; the programme by every
 * compensation fund.
 */
export function programmeLoanFigures(
  banks: readonly BankLoanFigures[],
  funds: readonly FundStatementFigures[],
): ProgrammeLoanFigures {
  const fundIds = funds.map((f) => f.fundId);
  const balances = new Map(funds.map((f) => [f.fundId, f.closing.balanceFen]));
  const towns = new Map<string, { exposureFen: Fen; defaultedFen: Fen }>();
  const bankLines: ExposureLine[] = [];
  for (const b of banks) {
    const serving = new Set<string>();
    for (const t of b.towns) {
      const town = towns.get(t.townCode) ?? { exposureFen: 0n, defaultedFen: 0n };
      town.exposureFen += t.exposureFen;
      town.defaultedFen += t.defaultedFen;
      towns.set(t.townCode, town);
      if (t.exposureFen > 0n) for (const f of fundsServingTown(fundIds, t.townCode)) serving.add(f);
    }
    if (serving.size === 0) for (const f of fundsServingTown(fundIds, '')) serving.add(f);
    const servingFunds = fundIds.filter((f) => serving.has(f));
    bankLines.push(
      line(b.bankId, b.exposureClosingFen, b.defaultedClosingFen, servingFunds, balances),
    );
  }
  const townLines = [...towns.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, t]) =>
      line(code, t.exposureFen, t.defaultedFen, fundsServingTown(fundIds, code), balances),
    );
  const all = fundIds.filter((f) => !isSubsidy(f));
  const total = line(
    'PROGRAMME',
    bankLines.reduce((s, b) => s + b.exposureFen, 0n),
    bankLines.reduce((s, b) => s + b.defaultedFen, 0n),
    all,
    balances,
  );
  invariant(
    townLines.reduce((s, t) => s + t.exposureFen, 0n) === total.exposureFen,
    'programme: the towns’ exposure is not the institutions’',
  );
  return { towns: townLines, banks: bankLines, total };
}
