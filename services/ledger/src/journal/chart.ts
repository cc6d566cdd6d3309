import {
  bankAccount,
  fundAccount,
  isAccountName,
  loanExposureAccount,
  loanShareAccount,
  parseAccount,
} from '@riskpool/ledger-core';
import {
  bankQuotaMemoAccount,
  bankTownMemoAccount,
  claimMemoAccount,
  memoAccountOf,
} from '@riskpool/domain';

/** Roles the service adds to a fund: `held` (compensation holds), and two of subsidy funds. */
const SERVICE_FUND_ROLES = ['held', 'lapsed', 'subsidies-paid'] as const;
/** A loan's interest subsidy accounts, one per subsidy fund: `loan:<L>:<role>:fund:<F>`. */
type LoanSubsidyRole = 'subsidy-payable' | 'subsidy-lapsed';

function fundRoleAccount(fundId: string, role: (typeof SERVICE_FUND_ROLES)[number]): string {
  const name = `${fundAccount(fundId, 'available').slice(0, -':available'.length)}:${role}`;
  if (!isAccountName(name)) throw new Error(`bad fund id ${fundId}`);
  return name;
}

function loanSubsidyAccount(loanId: string, role: LoanSubsidyRole, fundId: string): string {
  // The loan share's name with another role: the same segment rules for the loan and fund ids.
  const share = loanShareAccount(loanId, { fundId });
  const name = share.replace(/^(loan:[^:]+):share:/, `$1:${role}:`);
  if (!isAccountName(name)) throw new Error(`bad loan or fund id ${loanId} ${fundId}`);
  return name;
}

/**
 * Co-sharers' accounts (docs/domain.md §8.4; README "Co-sharers"): `cosharer:<partyId>:<role>`,
 * and the lender's side of what it and its co-sharers owe each other, `bank:<bankId>:<role>`.
 */
const COSHARER_ROLES = [
  'loss-borne',
  'share-owed',
  'share-paid',
  'recoveries-owed',
  'recoveries-received',
] as const;
type CosharerRole = (typeof COSHARER_ROLES)[number];
const LENDER_COSHARER_ROLES = [
  'cosharer-shares-due',
  'cosharer-shares-received',
  'cosharer-recoveries-owed',
  'cosharer-recoveries-paid',
] as const;
type LenderCosharerRole = (typeof LENDER_COSHARER_ROLES)[number];

function cosharerAccount(partyId: string, role: CosharerRole): string {
  const name = `cosharer:${partyId}:${role}`;
  if (!isAccountName(name) || partyId.includes(':')) throw new Error(`bad party id ${partyId}`);
  return name;
}

function lenderCosharerAccount(bankId: string, role: LenderCosharerRole): string {
  const name = `${bankAccount(bankId, 'loss-borne').slice(0, -':loss-borne'.length)}:${role}`;
  if (!isAccountName(name)) throw new Error(`bad bank id ${bankId}`);
  return name;
}

/**
 * The ledger service's chart of accounts (README "Chart of accounts"): the names of
 * libs/ledger-core's chart, plus `fund:<fundId>:held`, where a fund's holds wait (pending
 * credits) and from where payouts leave it (posted debits), and the interest subsidy's accounts
 * (README "Interest subsidy"): a subsidy fund's `lapsed` (what it could not grant) and
 * `subsidies-paid` (what it paid enterprises), and per loan and subsidy fund the grants payable
 * and the lapses.
 */
export const accounts = {
  fundContributions: (fundId: string) => fundAccount(fundId, 'contributions'),
  fundAvailable: (fundId: string) => fundAccount(fundId, 'available'),
  fundHeld: (fundId: string) => fundRoleAccount(fundId, 'held'),
  subsidyFundLapsed: (fundId: string) => fundRoleAccount(fundId, 'lapsed'),
  subsidyFundPaid: (fundId: string) => fundRoleAccount(fundId, 'subsidies-paid'),
  loanSubsidyPayable: (loanId: string, fundId: string) =>
    loanSubsidyAccount(loanId, 'subsidy-payable', fundId),
  loanSubsidyLapsed: (loanId: string, fundId: string) =>
    loanSubsidyAccount(loanId, 'subsidy-lapsed', fundId),
  fundRecoveriesOwed: (fundId: string) => fundAccount(fundId, 'recoveries-owed'),
  bankCompensationReceived: (bankId: string) => bankAccount(bankId, 'compensation-received'),
  bankLossBorne: (bankId: string) => bankAccount(bankId, 'loss-borne'),
  bankRecoveriesOwed: (bankId: string) => bankAccount(bankId, 'recoveries-owed'),
  bankRecoveriesRemitted: (bankId: string) => bankAccount(bankId, 'recoveries-remitted'),
  loanExposure: (loanId: string) => loanExposureAccount(loanId),
  loanFundShare: (loanId: string, fundId: string) => loanShareAccount(loanId, { fundId }),
  cosharerLossBorne: (partyId: string) => cosharerAccount(partyId, 'loss-borne'),
  cosharerShareOwed: (partyId: string) => cosharerAccount(partyId, 'share-owed'),
  cosharerSharePaid: (partyId: string) => cosharerAccount(partyId, 'share-paid'),
  cosharerRecoveriesOwed: (partyId: string) => cosharerAccount(partyId, 'recoveries-owed'),
  cosharerRecoveriesReceived: (partyId: string) => cosharerAccount(partyId, 'recoveries-received'),
  bankCosharerSharesDue: (bankId: string) => lenderCosharerAccount(bankId, 'cosharer-shares-due'),
  bankCosharerSharesReceived: (bankId: string) =>
    lenderCosharerAccount(bankId, 'cosharer-shares-received'),
  bankCosharerRecoveriesOwed: (bankId: string) =>
    lenderCosharerAccount(bankId, 'cosharer-recoveries-owed'),
  bankCosharerRecoveriesPaid: (bankId: string) =>
    lenderCosharerAccount(bankId, 'cosharer-recoveries-paid'),
  /** Memo accounts of the loan book (ADR 0019, libs/domain loan-book-statement.ts). */
  bankTownMemo: bankTownMemoAccount,
  bankQuotaMemo: bankQuotaMemoAccount,
  /** Claim memo accounts: one unit per claim event that sets its state (libs/domain claim-states.ts). */
  bankClaimMemo: claimMemoAccount,
};

/** An entry of memo accounts only (ADR 0019): no money moves. */
export function isMemoEntry(entry: {
  readonly postings: ReadonlyArray<{ account: string }>;
}): boolean {
  return (
    entry.postings.length > 0 && entry.postings.every((p) => memoAccountOf(p.account) !== undefined)
  );
}

export interface AccountOwner {
  readonly ownerType: 'fund' | 'bank' | 'loan' | 'cosharer';
  readonly ownerId: string;
  readonly role: string;
}

/** Who owns an account of this chart (for scoping reads and reports). */
export function ownerOf(account: string): AccountOwner {
  const cosharer = /^cosharer:([^:]+):([a-z-]+)$/.exec(account);
  if (cosharer !== null && (COSHARER_ROLES as readonly string[]).includes(cosharer[2] as string))
    return { ownerType: 'cosharer', ownerId: cosharer[1] as string, role: cosharer[2] as string };
  if (account.startsWith('bank:')) {
    for (const role of LENDER_COSHARER_ROLES)
      if (account.endsWith(`:${role}`))
        return { ownerType: 'bank', ownerId: account.slice(5, -(role.length + 1)), role };
  }
  if (account.startsWith('fund:')) {
    for (const role of SERVICE_FUND_ROLES)
      if (account.endsWith(`:${role}`))
        return { ownerType: 'fund', ownerId: account.slice(5, -(role.length + 1)), role };
  }
  const memo = memoAccountOf(account);
  if (memo !== undefined)
    return {
      ownerType: 'bank',
      ownerId: memo.bankId,
      role: memo.townCode === undefined ? memo.role : `${memo.role}:town:${memo.townCode}`,
    };
  const subsidy = subsidyLoanAccountOf(account);
  if (subsidy !== undefined)
    return {
      ownerType: 'loan',
      ownerId: subsidy.loanId,
      role: `${subsidy.role}:fund:${subsidy.fundId}`,
    };
  const parsed = parseAccount(account);
  if (parsed === undefined) throw new Error(`account ${account} is not in the chart`);
  if (parsed.owner === 'fund')
    return { ownerType: 'fund', ownerId: parsed.fundId, role: parsed.role };
  if (parsed.owner === 'bank')
    return { ownerType: 'bank', ownerId: parsed.bankId, role: parsed.role };
  if (parsed.role === 'exposure')
    return { ownerType: 'loan', ownerId: parsed.loanId, role: 'exposure' };
  const party = parsed.party === 'bank' ? 'share:bank' : `share:fund:${parsed.party.fundId}`;
  return { ownerType: 'loan', ownerId: parsed.loanId, role: party };
}

/** Reads `loan:<L>:subsidy-payable|subsidy-lapsed:fund:<F>`; undefined for any other name. */
export function subsidyLoanAccountOf(
  account: string,
): { loanId: string; role: LoanSubsidyRole; fundId: string } | undefined {
  const m = /^loan:([^:]+):(subsidy-payable|subsidy-lapsed):fund:(.+)$/.exec(account);
  if (m === null) return undefined;
  return { loanId: m[1] as string, role: m[2] as LoanSubsidyRole, fundId: m[3] as string };
}

/** Subsidy fund ids (docs/domain.md §9.1) carry this prefix; compensation funds never do. */
export function isSubsidyFund(fundId: string): boolean {
  return fundId.startsWith('SUBSIDY:');
}
