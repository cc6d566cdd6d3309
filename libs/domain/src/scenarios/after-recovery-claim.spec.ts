// docs/domain.md §8.5: the claim opens only when the bank declares recovery finished.
import {
  allocateClaim,
  awaitingRecoveryClose,
  claimOpensAtDefault,
  defaultPolicy,
  economicTerms,
  lowerBasisByRecovery,
  netRecoveryFen,
  recoveryCloseDeadline,
  recoveryCloseOverdue,
  recoveryClosedProblem,
  recoveryTreatment,
  writeOffProblem,
} from '../index';
import { exampleClaimInput, policy2026 } from './scenario-fixtures';

const AFTER = policy2026('AR-2026', { compensationTiming: 'AFTER_RECOVERY' });
const terms = economicTerms(AFTER);
const waiting = {
  compensationTiming: 'AFTER_RECOVERY' as const,
  loanStatus: 'DEFAULTED',
  claimStatus: undefined,
};

describe('an after-recovery claim', () => {
  it('opens no claim at the default report of 200000000 fen on 2026-05-10', () => {
    expect(claimOpensAtDefault(terms)).toBe(false);
    expect(claimOpensAtDefault(economicTerms(defaultPolicy('P', '2026-01-01')))).toBe(true);
    expect(awaitingRecoveryClose(waiting)).toBe(true);
  });

  it('lowers the basis by recoveries while waiting, allows a cure and refuses a write-off', () => {
    expect(recoveryTreatment(undefined, true)).toBe('LOWER_BASIS');
    expect(recoveryTreatment(undefined)).toBe('RECORD_ONLY');
    // 35000000 recovered less 5000000 costs = 30000000 net; 200000000 − 30000000 = 170000000.
    expect(lowerBasisByRecovery(200_000_000n, netRecoveryFen(35_000_000n, 5_000_000n))).toEqual({
      basisFen: 170_000_000n,
      appliedFen: 30_000_000n,
      excessFen: 0n,
    });
    expect(writeOffProblem(waiting)).toBe('AWAITING_RECOVERY_CLOSE');
  });

  it('opens on recovery-closed at 170000000: pool 68000000, 34000000 per fund, bank 102000000', () => {
    expect(recoveryClosedProblem(waiting)).toBeUndefined();
    const claim = allocateClaim(
      exampleClaimInput(
        {
          basisFen: 170_000_000n,
          originalPrincipalFen: 300_000_000n, // ≤500万: 4000 bp
          flags: [],
        },
        AFTER,
      ),
    );
    expect(claim.poolFen).toBe(68_000_000n);
    expect(claim.fundShares.map((s) => s.shareFen)).toEqual([34_000_000n, 34_000_000n]);
    expect(claim.bankShareFen).toBe(102_000_000n);
    // Once open it is a claim like any other: no second declaration.
    expect(recoveryClosedProblem({ ...waiting, claimStatus: 'OPEN' })).toBe(
      'NOT_AWAITING_RECOVERY_CLOSE',
    );
    expect(
      writeOffProblem({ ...waiting, loanStatus: 'COMPENSATED', claimStatus: 'APPROVED' }),
    ).toBeUndefined();
  });

  it('opens by itself after 2028-05-10, two years after the report (29 Feb → 28 Feb)', () => {
    expect(recoveryCloseDeadline('2026-05-10')).toBe('2028-05-10');
    expect(recoveryCloseOverdue('2026-05-10', '2028-05-10')).toBe(false);
    expect(recoveryCloseOverdue('2026-05-10', '2028-05-11')).toBe(true);
    expect(recoveryCloseDeadline('2028-02-29')).toBe('2030-02-28');
  });

  it('refuses recovery-closed on an ADVANCE loan', () => {
    expect(recoveryClosedProblem({ ...waiting, compensationTiming: 'ADVANCE' })).toBe(
      'NOT_AFTER_RECOVERY',
    );
  });
});
