import { chartAccountFlags } from '@riskpool/ledger-core';
import { accounts, ownerOf } from './chart';

const owned = (ownerType: string, ownerId: string, role: string) => ({ ownerType, ownerId, role });

describe('the interest subsidy accounts', () => {
  it('names and owns them per fund and per loan', () => {
    expect(accounts.loanSubsidyPayable('L1', 'SUBSIDY:TOWN:XIAOLAN')).toBe(
      'loan:L1:subsidy-payable:fund:SUBSIDY:TOWN:XIAOLAN',
    );
    expect(ownerOf('loan:L1:subsidy-lapsed:fund:SUBSIDY:CITY')).toEqual(
      owned('loan', 'L1', 'subsidy-lapsed:fund:SUBSIDY:CITY'),
    );
    expect(ownerOf(accounts.subsidyFundLapsed('SUBSIDY:TOWN:XIAOLAN'))).toEqual(
      owned('fund', 'SUBSIDY:TOWN:XIAOLAN', 'lapsed'),
    );
    expect(ownerOf(accounts.subsidyFundPaid('SUBSIDY:CITY'))).toEqual(
      owned('fund', 'SUBSIDY:CITY', 'subsidies-paid'),
    );
    expect(ownerOf(accounts.fundHeld('TOWN:XIAOLAN')).ownerId).toBe('TOWN:XIAOLAN');
  });

  it('never lets a loan be paid more subsidy than it was granted', () => {
    expect(chartAccountFlags(accounts.loanSubsidyPayable('L1', 'SUBSIDY:CITY'))).toEqual({
      debitsMustNotExceedCredits: true,
      creditsMustNotExceedDebits: false,
    });
    expect(
      chartAccountFlags(accounts.loanSubsidyLapsed('L1', 'SUBSIDY:CITY'))
        .debitsMustNotExceedCredits,
    ).toBe(false);
  });
});

describe('the co-sharers’ accounts (docs/domain.md §8.4)', () => {
  it('names and owns them per co-sharer and, on the lender’s side, per bank', () => {
    expect(accounts.cosharerShareOwed('G-ZSGUAR')).toBe('cosharer:G-ZSGUAR:share-owed');
    expect(ownerOf(accounts.cosharerRecoveriesOwed('G-ZSGUAR'))).toEqual(
      owned('cosharer', 'G-ZSGUAR', 'recoveries-owed'),
    );
    expect(ownerOf(accounts.bankCosharerSharesDue('B1'))).toEqual(
      owned('bank', 'B1', 'cosharer-shares-due'),
    );
    // The funds' and the co-sharers' recoveries owed by a bank are two accounts, never netted.
    expect(accounts.bankCosharerRecoveriesOwed('B1')).not.toBe(accounts.bankRecoveriesOwed('B1'));
    expect(ownerOf(accounts.bankRecoveriesOwed('B1')).role).toBe('recoveries-owed');
    expect(() => accounts.cosharerLossBorne('A:B')).toThrow();
  });
});
