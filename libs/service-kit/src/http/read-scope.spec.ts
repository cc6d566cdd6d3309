import { Identity } from '@riskpool/contracts';
import { ProblemException } from './problem';
import { inReadScope, readScopeOf } from './read-scope';

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
    expect(readScopeOf(who('cosharer', 'G1'), { bankId: 'B1', partyId: 'G1' })).toEqual({
      bankId: 'B1',
      partyId: 'G1',
    });
    expect(statusOf(() => readScopeOf(who('cosharer', 'G1'), { partyId: 'G2' }))).toBe(404);
    expect(readScopeOf(who('bank', 'B1'), { partyId: 'G2' })).toEqual({
      bankId: 'B1',
      partyId: 'G2',
    });
  });

  it('lets a regulator read everything, filtered as asked', () => {
    expect(readScopeOf(who('regulator', null), {})).toEqual({});
    expect(readScopeOf(who('regulator', null), { bankId: 'B2' })).toEqual({ bankId: 'B2' });
  });
});

describe('inReadScope', () => {
  const row = { bankId: 'B1', fundIds: ['CITY'], partyIds: ['G1'] };

  it('shows a row to its bank, a fund with a share in it, a co-sharer it names, the regulator', () => {
    expect(inReadScope(readScopeOf(who('bank', 'B1')), row)).toBe(true);
    expect(inReadScope(readScopeOf(who('fund-manager', 'CITY')), row)).toBe(true);
    expect(inReadScope(readScopeOf(who('cosharer', 'G1')), row)).toBe(true);
    expect(inReadScope(readScopeOf(who('regulator', null)), row)).toBe(true);
  });

  it('hides it from any other bank, fund or co-sharer', () => {
    expect(inReadScope(readScopeOf(who('bank', 'B2')), row)).toBe(false);
    expect(inReadScope(readScopeOf(who('fund-manager', 'TOWN:X')), row)).toBe(false);
    expect(inReadScope(readScopeOf(who('cosharer', 'G2')), row)).toBe(false);
    expect(inReadScope(readScopeOf(who('fund-manager', 'CITY')), { bankId: 'B1' })).toBe(false);
  });
});
