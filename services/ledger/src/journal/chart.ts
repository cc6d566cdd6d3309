import {
  bankAccount,
  fundAccount,
  isAccountName,
  loanExposureAccount,
  loanShareAccount,
  parseAccount,
} from '@riskpool/ledger-core';

/**
 * The ledger service's chart of accounts (README "Chart of accounts"): the names of
 * libs/ledger-core's chart, plus `fund:<fundId>:held`, where a fund's holds wait (pending
 * credits) and from where payouts leave it (posted debits).
 */
export const accounts = {
  fundContributions: (fundId: string) => fundAccount(fundId, 'contributions'),
  fundAvailable: (fundId: string) => fundAccount(fundId, 'available'),
  fundHeld: (fundId: string) => {
    const name = `${fundAccount(fundId, 'available').slice(0, -':available'.length)}:held`;
    if (!isAccountName(name)) throw new Error(`bad fund id ${fundId}`);
    return name;
  },
  fundRecoveriesOwed: (fundId: string) => fundAccount(fundId, 'recoveries-owed'),
  bankCompensationReceived: (bankId: string) => bankAccount(bankId, 'compensation-received'),
  bankLossBorne: (bankId: string) => bankAccount(bankId, 'loss-borne'),
  bankRecoveriesOwed: (bankId: string) => bankAccount(bankId, 'recoveries-owed'),
  bankRecoveriesRemitted: (bankId: string) => bankAccount(bankId, 'recoveries-remitted'),
  loanExposure: (loanId: string) => loanExposureAccount(loanId),
  loanFundShare: (loanId: string, fundId: string) => loanShareAccount(loanId, { fundId }),
};

export interface AccountOwner {
  readonly ownerType: 'fund' | 'bank' | 'loan';
  readonly ownerId: string;
  readonly role: string;
}

/** Who owns an account of this chart (for scoping reads and reports). */
export function ownerOf(account: string): AccountOwner {
  if (account.startsWith('fund:') && account.endsWith(':held')) {
    return { ownerType: 'fund', ownerId: account.slice(5, -':held'.length), role: 'held' };
  }
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
