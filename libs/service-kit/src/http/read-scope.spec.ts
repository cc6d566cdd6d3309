import { Identity } from '@riskpool/contracts';
import { ProblemException } from './problem';
import { readScopeOf } from './read-scope';

const who = (role: Identity['role'], scope: string | null): Identity => ({
  role,
  scope,
  keyId: 'k',
  businessDate: '2026-03-01',
  requestId: 'r',
});

function statusOf(read: () => unknown): number | undefined {
  try {
    read();
  } catch (error) {
    if (error instanceof ProblemException) return error.getStatus();
    throw error;
  }
  return undefined;
}

describe('readScopeOf', () => {
  it('keeps a bank to its own rows; another bank answers 404, as if it did not exist', () => {
    expect(readScopeOf(who('bank', 'B1'), {})).toEqual({ bankId: 'B1' });
    expect(readScopeOf(who('bank', 'B1'), { fundId: 'CITY' })).toEqual({
      bankId: 'B1',
      fundId: 'CITY',
    });
    expect(statusOf(() => readScopeOf(who('bank', 'B1'), { bankId: 'B2' }))).toBe(404);
  });

  it('keeps a fund manager to its fund', () => {
    expect(readScopeOf(who('fund-manager', 'CITY'), { bankId: 'B1' })).toEqual({
      fundId: 'CITY',
      bankId: 'B1',
    });
    expect(statusOf(() => readScopeOf(who('fund-manager', 'CITY'), { fundId: 'TOWN:X' }))).toBe(
      404,
    );
  });

  it('keeps a co-sharer to the rows naming it', () => {
    expect(readScopeOf(who('cosharer', 'G1'))).toEqual({ partyId: 'G1' });
  });

  it('lets a regulator read everything, filtered as asked', () => {
    expect(readScopeOf(who('regulator', null), {})).toEqual({});
    expect(readScopeOf(who('regulator', null), { bankId: 'B2' })).toEqual({ bankId: 'B2' });
  });
});
