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
  it.each([
    [fundAccount('CITY', 'available'), 'fund:CITY:available'],
    [fundAccount('TOWN:XIAOLAN', 'contributions'), 'fund:TOWN:XIAOLAN:contributions'],
    [bankAccount('B1', 'compensation-received'), 'bank:B1:compensation-received'],
    [loanExposureAccount('L-1'), 'loan:L-1:exposure'],
    [loanShareAccount('L-1', 'bank'), 'loan:L-1:share:bank'],
    [loanShareAccount('L-1', { fundId: 'TOWN:TORCH' }), 'loan:L-1:share:fund:TOWN:TORCH'],
  ])('builds names by convention: %s', (built, expected) => {
    expect(built).toBe(expected);
  });

  it.each([
    ['fund:TOWN:XIAOLAN:available', { owner: 'fund', fundId: 'TOWN:XIAOLAN', role: 'available' }],
    ['bank:B1:recoveries-remitted', { owner: 'bank', bankId: 'B1', role: 'recoveries-remitted' }],
    ['loan:L-1:exposure', { owner: 'loan', loanId: 'L-1', role: 'exposure' }],
    [
      'loan:L-1:share:fund:TOWN:TORCH',
      { owner: 'loan', loanId: 'L-1', role: 'share', party: { fundId: 'TOWN:TORCH' } },
    ],
    ['loan:L-1:share:bank', { owner: 'loan', loanId: 'L-1', role: 'share', party: 'bank' }],
  ])('parses what it builds: %s', (name, parsed) => {
    expect(parseAccount(name)).toEqual(parsed);
  });

  it('parses no other name', () => {
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
