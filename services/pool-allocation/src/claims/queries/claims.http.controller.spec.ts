import { Identity } from '@riskpool/contracts';
import { claimScope } from './claims.http.controller';

const who = (role: Identity['role'], scope: string | null): Identity => ({
  role,
  scope,
  keyId: 'k',
  businessDate: '2026-03-01',
  requestId: 'r',
});

describe('claimScope', () => {
  it('keeps each role to its own claims: a bank its own, a manager its fund’s, a co-sharer those naming it', () => {
    expect(claimScope(who('bank', 'B1'))).toEqual({ bankId: 'B1' });
    expect(claimScope(who('fund-manager', 'CITY'))).toEqual({ fundId: 'CITY' });
    expect(claimScope(who('cosharer', 'G-ZSGUAR'))).toEqual({ partyId: 'G-ZSGUAR' });
    expect(claimScope(who('regulator', null))).toEqual({});
  });
});
