import { type PolicyVersion, defaultPolicy } from '../policy';
import type { SubsidyAmountInput } from './subsidy-amount';
import { subsidyEconomicTerms, subsidyProceduralTerms } from './subsidy-terms';

/** Test input for `computeSubsidy`: a 800000000-fen IP-pledge loan at 600 bp, Q1 2026. */
export function subsidyInput(
  overrides: Partial<SubsidyAmountInput> = {},
  policy: PolicyVersion = defaultPolicy('P2026', '2026-01-01'),
): SubsidyAmountInput {
  return {
    periodStart: '2026-01-01',
    periodEnd: '2026-04-01',
    interestPaidFen: 11_835_616n,
    outstandingAtStartFen: 800_000_000n,
    annualRateBp: 600,
    flags: ['IP_PLEDGE'],
    townCode: 'XIAOLAN',
    economic: subsidyEconomicTerms(policy),
    procedural: subsidyProceduralTerms(policy),
    enterpriseRequestedThisYearFen: 0n,
    ...overrides,
  };
}
