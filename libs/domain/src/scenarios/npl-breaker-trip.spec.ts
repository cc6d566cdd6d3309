import { approveClaim, heldFor, liftDeferral, nplBreakerDecision } from '../index';
import { POLICY_2026, fundReserving, openExampleClaim } from './scenario-fixtures';

describe('the NPL breaker suspends a bank whose defaults pass the threshold', () => {
  const totalExposureFen = 10_000_000_000n;

  it('does not trip exactly at 300 bp', () => {
    const decision = nplBreakerDecision({
      defaultedExposureFen: 300_000_000n,
      totalExposureFen,
      nplBreakerBp: POLICY_2026.nplBreakerBp,
    });
    expect(decision).toEqual({ trip: false, nplRatioBpFloor: 300, nplBreakerBp: 300 });
  });

  it('trips one fen above, opening the claim DEFERRED: it holds funds but cannot be approved until CITY lifts it', () => {
    const decision = nplBreakerDecision({
      defaultedExposureFen: 300_000_001n,
      totalExposureFen,
      nplBreakerBp: POLICY_2026.nplBreakerBp,
    });
    expect(decision.trip).toBe(true);

    const claim = openExampleClaim(decision.trip);
    expect(claim.status).toBe('DEFERRED');
    const held = fundReserving('CITY', 1_000_000_000n, ['C1', 135_000_000n]);
    expect(heldFor(held, 'C1')).toBe(135_000_000n);

    const city = { kind: 'fund-manager' as const, fundId: 'CITY' };
    expect(approveClaim(claim, city)).toEqual({ ok: false, refusal: 'CLAIM_DEFERRED' });
    const lifted = liftDeferral(claim, city);
    expect(lifted.ok && lifted.state.status).toBe('OPEN');
    if (lifted.ok) expect(approveClaim(lifted.state, city).ok).toBe(true);
  });
});
