import {
  AccountNameError,
  bankAccount,
  chartAccountFlags,
  fundAccount,
  loanExposureAccount,
  loanShareAccount,
  parseAccount,
} from './chart-of-accounts';

describe('chart of accounts', () => {
  it('builds names by convention', () => {
    expect(fundAccount('CITY', 'available')).toBe('fund:CITY:available');
    expect(fundAccount('TOWN:XIAOLAN', 'contributions')).toBe('fund:TOWN:XIAOLAN:contributions');
    expect(bankAccount('B1', 'compensation-received')).toBe('bank:B1:compensation-received');
    expect(loanExposureAccount('L-1')).toBe('loan:L-1:exposure');
    expect(loanShareAccount('L-1', 'bank')).toBe('loan:L-1:share:bank');
    expect(loanShareAccount('L-1', { fundId: 'TOWN:TORCH' })).toBe(
      'loan:L-1:share:fund:TOWN:TORCH',
    );
  });

  it('parses what it builds', () => {
    expect(parseAccount('fund:TOWN:XIAOLAN:available')).toEqual({
      owner: 'fund',
      fundId: 'TOWN:XIAOLAN',
      role: 'available',
    });
    expect(parseAccount('bank:B1:recoveries-remitted')).toEqual({
      owner: 'bank',
      bankId: 'B1',
      role: 'recoveries-remitted',
    });
    expect(parseAccount('loan:L-1:exposure')).toEqual({
      owner: 'loan',
      loanId: 'L-1',
      role: 'exposure',
    });
    expect(parseAccount('loan:L-1:share:fund:TOWN:TORCH')).toEqual({
      owner: 'loan',
      loanId: 'L-1',
      role: 'share',
      party: { fundId: 'TOWN:TORCH' },
    });
    expect(parseAccount('loan:L-1:share:bank')).toEqual({
      owner: 'loan',
      loanId: 'L-1',
      role: 'share',
      party: 'bank',
    });
    for (const bad of [
      'fund:CITY:nope',
      'fund:available',
      'bank:B1:available',
      'loan:L:share',
      'pool:x:y',
      'loan:L:exposure:x',
      'not an account',
    ]) {
      expect(parseAccount(bad)).toBeUndefined();
    }
  });

  it('refuses ids that cannot be a name segment', () => {
    expect(() => fundAccount('CITY X', 'available')).toThrow(AccountNameError);
    expect(() => bankAccount('', 'loss-borne')).toThrow(AccountNameError);
    expect(() => loanExposureAccount('a:b')).toThrow(AccountNameError);
    expect(() => loanShareAccount('l', { fundId: 'a"b' })).toThrow(AccountNameError);
  });

  it('flags only fund available accounts, against overdraft', () => {
    expect(chartAccountFlags('fund:TOWN:XIAOLAN:available')).toEqual({
      debitsMustNotExceedCredits: true,
      creditsMustNotExceedDebits: false,
    });
    for (const name of [
      'fund:CITY:contributions',
      'bank:B1:compensation-received',
      'loan:L:exposure',
    ]) {
      expect(chartAccountFlags(name).debitsMustNotExceedCredits).toBe(false);
    }
  });
});
