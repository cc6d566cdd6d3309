import { isAccountName } from '../entry/journal-entry';

/**
 * Chart of accounts: account names are strings `<owner>:<ownerId>:<role>` (loan shares add a
 * party). Owner ids may contain ':' (fund `TOWN:XIAOLAN`), so a name is read from both ends:
 * the first segment is the owner type and the last known role closes it. Every segment is
 * printable ASCII without space, '"', '\' or ':'.
 *
 * The "wallet" convention (TigerBeetle's): a credit puts money into an account, a debit takes it
 * out, so a fund's money is a credit balance and cannot be overdrawn when the account carries
 * `debitsMustNotExceedCredits`. See README "Chart of accounts" for the postings per event.
 */
export const FUND_ROLES = ['contributions', 'available', 'recoveries-owed'] as const;
export type FundRole = (typeof FUND_ROLES)[number];

export const BANK_ROLES = [
  'compensation-received',
  'loss-borne',
  'recoveries-owed',
  'recoveries-remitted',
] as const;
export type BankRole = (typeof BANK_ROLES)[number];

/** Who bore a part of a loan's loss: a fund or the lending bank. */
export type LossParty = { readonly fundId: string } | 'bank';

export type ParsedAccount =
  | { readonly owner: 'fund'; readonly fundId: string; readonly role: FundRole }
  | { readonly owner: 'bank'; readonly bankId: string; readonly role: BankRole }
  | { readonly owner: 'loan'; readonly loanId: string; readonly role: 'exposure' }
  | {
      readonly owner: 'loan';
      readonly loanId: string;
      readonly role: 'share';
      readonly party: LossParty;
    };

export interface AccountFlags {
  /** debitsPosted + debitsPending ≤ creditsPosted after every entry (no overdraft, holds count). */
  readonly debitsMustNotExceedCredits: boolean;
  /** creditsPosted + creditsPending ≤ debitsPosted after every entry. */
  readonly creditsMustNotExceedDebits: boolean;
}

export type AccountFlagsResolver = (account: string) => AccountFlags;

export const NO_FLAGS: AccountFlags = Object.freeze({
  debitsMustNotExceedCredits: false,
  creditsMustNotExceedDebits: false,
});
const NO_OVERDRAFT: AccountFlags = Object.freeze({
  debitsMustNotExceedCredits: true,
  creditsMustNotExceedDebits: false,
});

const SEGMENT = /^[!#-9;-[\]-~]+$/;

export class AccountNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountNameError';
  }
}

/** `fund:<fundId>:<role>`, e.g. `fund:TOWN:XIAOLAN:available`. */
export function fundAccount(fundId: string, role: FundRole): string {
  return build(['fund', ...idSegments(fundId, 'fundId'), role]);
}

/** `bank:<bankId>:<role>`, e.g. `bank:B1:compensation-received`. */
export function bankAccount(bankId: string, role: BankRole): string {
  return build(['bank', ...idSegments(bankId, 'bankId'), role]);
}

/** `loan:<loanId>:exposure`. The loan id is one segment. */
export function loanExposureAccount(loanId: string): string {
  return build(['loan', oneSegment(loanId, 'loanId'), 'exposure']);
}

/** `loan:<loanId>:share:bank` or `loan:<loanId>:share:fund:<fundId>`. */
export function loanShareAccount(loanId: string, party: LossParty): string {
  const partySegments =
    party === 'bank' ? ['bank'] : ['fund', ...idSegments(party.fundId, 'fundId')];
  return build(['loan', oneSegment(loanId, 'loanId'), 'share', ...partySegments]);
}

/** Reads a name built by the helpers above; undefined for anything else. */
export function parseAccount(name: string): ParsedAccount | undefined {
  if (!isAccountName(name)) {
    return undefined;
  }
  const segments = name.split(':');
  const [owner] = segments;
  if (owner === 'fund' || owner === 'bank') {
    const role = segments[segments.length - 1] as string;
    const id = segments.slice(1, -1).join(':');
    if (id === '') {
      return undefined;
    }
    if (owner === 'fund' && (FUND_ROLES as readonly string[]).includes(role)) {
      return { owner, fundId: id, role: role as FundRole };
    }
    if (owner === 'bank' && (BANK_ROLES as readonly string[]).includes(role)) {
      return { owner, bankId: id, role: role as BankRole };
    }
    return undefined;
  }
  if (owner === 'loan' && segments.length >= 3) {
    const loanId = segments[1] as string;
    const role = segments[2];
    if (role === 'exposure' && segments.length === 3) {
      return { owner, loanId, role };
    }
    if (role === 'share') {
      if (segments.length === 4 && segments[3] === 'bank') {
        return { owner, loanId, role, party: 'bank' };
      }
      if (segments.length >= 5 && segments[3] === 'fund') {
        return { owner, loanId, role, party: { fundId: segments.slice(4).join(':') } };
      }
    }
  }
  return undefined;
}

/**
 * The flags of the chart: a fund's `available` account may not be overdrawn, holds counted
 * (`debitsMustNotExceedCredits`), nor a loan's interest subsidy payable to a fund
 * (`loan:<L>:subsidy-payable:fund:<F>`: never paid more than granted). Every other account has
 * no flag. The offline verifier uses this
 * rule by default, so it is part of the ledger's published format; a deployment that flags more
 * accounts must give the verifier the same resolver.
 */
export function chartAccountFlags(account: string): AccountFlags {
  if (account.startsWith('fund:') && account.endsWith(':available')) return NO_OVERDRAFT;
  return SUBSIDY_PAYABLE.test(account) ? NO_OVERDRAFT : NO_FLAGS;
}

const SUBSIDY_PAYABLE = /^loan:[^:]+:subsidy-payable:fund:/;

function idSegments(id: string, name: string): string[] {
  const segments = id.split(':');
  if (segments.some((s) => !SEGMENT.test(s))) {
    throw new AccountNameError(`${name} ${JSON.stringify(id)} cannot appear in an account name`);
  }
  return segments;
}

function oneSegment(id: string, name: string): string {
  if (!SEGMENT.test(id)) {
    throw new AccountNameError(`${name} ${JSON.stringify(id)} must be one account-name segment`);
  }
  return id;
}

function build(segments: readonly string[]): string {
  const name = segments.join(':');
  if (!isAccountName(name)) {
    throw new AccountNameError(`${JSON.stringify(name)} is not a valid account name`);
  }
  return name;
}
