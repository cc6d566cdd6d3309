// Shared set-up for the scenario specs: the worked example's policy, bank and loan (docs/domain.md §7).
import {
  type ClaimAllocationInput,
  type PolicyVersion,
  defaultPolicy,
  economicTerms,
  proceduralTerms,
} from '../index';

export const POLICY_2026: PolicyVersion = defaultPolicy('P2026-01', '2026-01-01');

export const CITY_AVAILABLE_FEN = 10_000_000_000n; // 100,000,000.00 yuan
export const XIAOLAN_AVAILABLE_FEN = 300_000_000n; // 3,000,000.00 yuan

/** The worked example's claim input, overridable per scenario. */
export function exampleClaimInput(
  overrides: Partial<ClaimAllocationInput> = {},
  policy: PolicyVersion = POLICY_2026,
): ClaimAllocationInput {
  return {
    basisFen: 600_000_001n,
    originalPrincipalFen: 800_000_000n,
    flags: ['IP_PLEDGE'],
    townCode: 'XIAOLAN',
    economic: economicTerms(policy),
    procedural: proceduralTerms(policy),
    bankPoolUsedThisYearFen: 0n,
    ...overrides,
  };
}
