import {
  type PolicyVersion,
  allocateClaim,
  defaultPolicy,
  findPublishConflicts,
  governingTerms,
  validatePolicy,
} from '../index';
import { exampleClaimInput } from './scenario-fixtures';

describe('the policy changes between a loan registration and its default', () => {
  const v2025 = defaultPolicy('P2025', '2025-01-01');
  const v2026: PolicyVersion = {
    ...defaultPolicy('P2026', '2026-01-01'),
    rateTiers: [
      { upToFen: 500_000_000n, rateBp: 3500 },
      { upToFen: 1_500_000_000n, rateBp: 2500 },
      { upToFen: 3_000_000_000n, rateBp: 1500 },
    ],
    split: [
      { fund: 'CITY', weightBp: 6000 },
      { fund: 'TOWN', weightBp: 4000 },
    ],
    perLoanCapFen: 200_000_000n,
    perBankAnnualCapFen: 150_000_000n,
  };

  /** The same IP-pledge default on 2026-04-01 of a loan registered on `registrationDate`. */
  const claimDefaultedInApril2026 = (registrationDate: string) => {
    const terms = governingTerms([v2025, v2026], { registrationDate, actionDate: '2026-04-01' });
    return allocateClaim(
      exampleClaimInput({ economic: terms.economic, procedural: terms.procedural }),
    );
  };

  it('publishes the new version cleanly', () => {
    expect(validatePolicy(v2026)).toEqual([]);
    expect(findPublishConflicts([v2025], v2026, '2025-12-01')).toEqual([]);
  });

  it('takes tiers, bonus, split and per-loan cap from registration, and the annual cap from the default date', () => {
    const claim = claimDefaultedInApril2026('2025-09-15');
    // 2025 economics: 3000 + 1500 bp, 5000/5000, per-loan cap 500000000 (2026 would say 2500 and 200000000).
    expect(claim.rateBp).toBe(4500);
    expect(claim.uncappedPoolFen).toBe(270_000_000n);
    // 2026 procedure: annual cap 150000000 bites.
    expect(claim.poolFen).toBe(150_000_000n);
    expect(claim.capReasons).toEqual(['PER_BANK_ANNUAL_CAP']);
    expect(claim.fundShares.map((s) => [s.fundId, s.shareFen])).toEqual([
      ['CITY', 75_000_000n],
      ['TOWN:XIAOLAN', 75_000_000n],
    ]);
    expect(claim.economicPolicyVersionId).toBe('P2025');
    expect(claim.proceduralPolicyVersionId).toBe('P2026');
  });

  it('gives a loan registered under the new version the new economics', () => {
    const claim = claimDefaultedInApril2026('2026-01-01');
    // 2500 + 1500 = 4000 bp -> 240000000, per-loan cap 200000000 and annual 150000000: annual binds.
    expect(claim.rateBp).toBe(4000);
    expect(claim.poolFen).toBe(150_000_000n);
    expect(claim.fundShares.map((s) => s.shareFen)).toEqual([90_000_000n, 60_000_000n]);
    expect(claim.economicPolicyVersionId).toBe('P2026');
  });
});
