import {
  type Actor,
  type ClaimDecisionState,
  type DecisionResult,
  adjustClaimBasis,
  approveClaim,
  denyClaim,
  liftDeferral,
  openClaimDecision,
  parseRole,
  withdrawClaim,
} from './claim-decisions';

const city: Actor = { kind: 'fund-manager', fundId: 'CITY' };
const xiaolan: Actor = { kind: 'fund-manager', fundId: 'TOWN:XIAOLAN' };
const guzhen: Actor = { kind: 'fund-manager', fundId: 'TOWN:GUZHEN' };
const bank: Actor = { kind: 'bank', bankId: 'B1' };

function ok(result: DecisionResult): ClaimDecisionState {
  if (!result.ok) throw new Error(`refused: ${result.refusal}`);
  return result.state;
}

describe('parseRole', () => {
  it('parses the roles of docs/domain.md §1', () => {
    expect(parseRole('bank:B1')).toEqual(bank);
    expect(parseRole('fund-manager:TOWN:XIAOLAN')).toEqual(xiaolan);
    expect(parseRole('regulator')).toEqual({ kind: 'regulator' });
    expect(parseRole('admin')).toEqual({ kind: 'admin' });
    expect(parseRole('root')).toBeUndefined();
    expect(parseRole('bank:')).toBeUndefined();
  });
});

describe('claim decisions', () => {
  const open = openClaimDecision(['CITY', 'TOWN:XIAOLAN'], false);

  it('needs an approval from each fund, once each', () => {
    const first = approveClaim(open, city);
    expect(first).toMatchObject({
      ok: true,
      approvedNow: false,
      state: { status: 'OPEN', approvedBy: ['CITY'] },
    });
    expect(approveClaim(ok(first), city)).toEqual({ ok: false, refusal: 'ALREADY_APPROVED' });
    const second = approveClaim(ok(first), xiaolan);
    expect(second).toMatchObject({ ok: true, approvedNow: true, state: { status: 'APPROVED' } });
    expect(approveClaim(ok(second), xiaolan)).toEqual({ ok: false, refusal: 'CLAIM_CLOSED' });
  });

  it('lets no bank, regulator, admin or outside fund decide', () => {
    for (const actor of [
      bank,
      guzhen,
      { kind: 'regulator' } as const,
      { kind: 'admin' } as const,
    ]) {
      expect(approveClaim(open, actor)).toEqual({
        ok: false,
        refusal: 'NOT_A_MANAGER_OF_A_CLAIM_FUND',
      });
      expect(denyClaim(open, actor)).toEqual({
        ok: false,
        refusal: 'NOT_A_MANAGER_OF_A_CLAIM_FUND',
      });
      expect(adjustClaimBasis(open, actor)).toEqual({
        ok: false,
        refusal: 'NOT_A_MANAGER_OF_A_CLAIM_FUND',
      });
    }
  });

  it('restarts every approval when the basis is adjusted', () => {
    const adjusted = ok(adjustClaimBasis(ok(approveClaim(open, city)), xiaolan));
    expect(adjusted.approvedBy).toEqual([]);
    expect(adjusted.status).toBe('OPEN');
  });

  it('cannot approve a deferred claim until a CITY manager lifts the deferral', () => {
    const deferred = openClaimDecision(['CITY', 'TOWN:XIAOLAN'], true);
    expect(approveClaim(deferred, city)).toEqual({ ok: false, refusal: 'CLAIM_DEFERRED' });
    expect(liftDeferral(deferred, xiaolan)).toEqual({
      ok: false,
      refusal: 'NOT_CITY_FUND_MANAGER',
    });
    const lifted = ok(liftDeferral(deferred, city));
    expect(lifted.status).toBe('OPEN');
    expect(liftDeferral(lifted, city)).toEqual({ ok: false, refusal: 'CLAIM_NOT_DEFERRED' });
    expect(ok(denyClaim(deferred, xiaolan)).status).toBe('DENIED');
  });

  it('withdraws on a cure before payout only', () => {
    expect(ok(withdrawClaim(open)).status).toBe('WITHDRAWN');
    const approved = ok(approveClaim(ok(approveClaim(open, city)), xiaolan));
    expect(withdrawClaim(approved)).toEqual({ ok: false, refusal: 'CLAIM_CLOSED' });
    expect(denyClaim(approved, city)).toEqual({ ok: false, refusal: 'CLAIM_CLOSED' });
  });

  it('refuses a claim without distinct funds', () => {
    expect(() => openClaimDecision(['CITY', 'CITY'], false)).toThrow();
  });
});
