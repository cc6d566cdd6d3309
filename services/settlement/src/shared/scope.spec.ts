import { Identity } from '@riskpool/contracts';
import { ProblemException } from '@riskpool/service-kit';
import { readScopeOf } from './scope';

const who = (role: Identity['role'], scope: string | null): Identity => ({
  role,
  scope,
  keyId: 'k',
  businessDate: '2026-03-01',
  requestId: 'r',
});

describe('readScopeOf', () => {
  it('keeps a bank to its own rows and refuses another bank', () => {
    expect(readScopeOf(who('bank', 'B1'), {})).toEqual({ bankId: 'B1' });
    expect(readScopeOf(who('bank', 'B1'), { fundId: 'CITY' })).toEqual({
      bankId: 'B1',
      fundId: 'CITY',
    });
    expect(() => readScopeOf(who('bank', 'B1'), { bankId: 'B2' })).toThrow(ProblemException);
  });

  it('keeps a fund manager to its fund', () => {
    expect(readScopeOf(who('fund-manager', 'CITY'), { bankId: 'B1' })).toEqual({
      fundId: 'CITY',
      bankId: 'B1',
    });
    expect(() => readScopeOf(who('fund-manager', 'CITY'), { fundId: 'TOWN:X' })).toThrow(
      ProblemException,
    );
  });

  it('lets a regulator read everything, filtered as asked', () => {
    expect(readScopeOf(who('regulator', null), {})).toEqual({});
    expect(readScopeOf(who('regulator', null), { bankId: 'B2' })).toEqual({ bankId: 'B2' });
  });
});
