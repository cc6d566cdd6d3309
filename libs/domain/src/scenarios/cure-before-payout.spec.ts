import { heldFor, queuedFor, recoveryTreatment, release, withdrawClaim } from '../index';
import { fundReserving, openExampleClaim } from './scenario-fixtures';

describe('a cure before payout withdraws the claim', () => {
  it('releases its hold, takes its queued part out, and the released money fills the next claim', () => {
    const town = fundReserving(
      'TOWN:XIAOLAN',
      150_000_000n,
      ['C1', 135_000_000n], // held
      ['C2', 200_000_000n], // 15000000 held, 185000000 queued
      ['C3', 10_000_000n], // queued behind C2
    );

    // C2's loan is cured: its claim is withdrawn.
    const decision = withdrawClaim(openExampleClaim());
    expect(decision.ok && decision.state.status).toBe('WITHDRAWN');
    const released = release(town, 'C2');
    expect(released.releasedFen).toBe(15_000_000n);
    expect(released.dequeuedFen).toBe(185_000_000n);
    expect(released.fills).toEqual([
      { claimId: 'C3', amountFen: 10_000_000n, seq: 2, partCompleted: true },
    ]);
    expect(released.fund.availableFen).toBe(5_000_000n);
    expect([heldFor(released.fund, 'C2'), queuedFor(released.fund, 'C2')]).toEqual([0n, 0n]);
    expect(heldFor(released.fund, 'C1')).toBe(135_000_000n);
    // A later recovery on the cured loan moves no money through the claim.
    expect(recoveryTreatment('WITHDRAWN')).toBe('RECORD_ONLY');
  });

  it('cannot withdraw a claim already paid', () => {
    const approved = { status: 'APPROVED' as const, fundIds: ['CITY'], approvedBy: ['CITY'] };
    expect(withdrawClaim(approved)).toEqual({ ok: false, refusal: 'CLAIM_CLOSED' });
  });
});
