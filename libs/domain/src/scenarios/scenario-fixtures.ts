// Shared set-up for the scenario specs: the worked example's policy, bank and loan (docs/domain.md §7).
import {
  type ClaimAllocation,
  type ClaimAllocationInput,
  type ClaimDecisionState,
  type Fen,
  type FundState,
  type PolicyVersion,
  approveClaim,
  defaultPolicy,
  economicTerms,
  newFund,
  openClaimDecision,
  proceduralTerms,
  reserve,
  shareRecovery,
} from '../index';

export const POLICY_2026: PolicyVersion = defaultPolicy('P2026-01', '2026-01-01');

export const CITY_AVAILABLE_FEN = 10_000_000_000n; // 100,000,000.00 yuan
export const XIAOLAN_AVAILABLE_FEN = 300_000_000n; // 3,000,000.00 yuan

/** A policy in force from 2026-01-01: the defaults with `changes`. */
export const policy2026 = <T extends Partial<PolicyVersion>>(versionId: string, changes: T) => ({
  ...defaultPolicy(versionId, '2026-01-01'),
  ...changes,
});

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

/** `fundId` with `availableFen`, after reserving each claim's share in turn (held, then queued). */
export function fundReserving(
  fundId: string,
  availableFen: Fen,
  ...reserves: ReadonlyArray<readonly [claimId: string, shareFen: Fen]>
): FundState {
  return reserves.reduce(
    (fund, [claimId, shareFen]) => reserve(fund, claimId, shareFen).fund,
    newFund(fundId, availableFen),
  );
}

/** The worked example's claim, opened on CITY and XIAOLAN's fund: DEFERRED when `deferred`. */
export const openExampleClaim = (deferred = false): ClaimDecisionState =>
  openClaimDecision(['CITY', 'TOWN:XIAOLAN'], deferred);

/** `decision` approved by each fund's manager in turn; a refusal throws. */
export function approvedByFunds(
  decision: ClaimDecisionState,
  ...fundIds: readonly string[]
): ClaimDecisionState {
  return fundIds.reduce((state, fundId) => {
    const result = approveClaim(state, { kind: 'fund-manager', fundId });
    if (!result.ok) throw new Error(result.refusal);
    return result.state;
  }, decision);
}

/** A split over a province fund too (20:40:40), and Torch's own city/town split (30:70). */
export const PROVINCE_SPLIT: Pick<PolicyVersion, 'split' | 'splitByTown'> = {
  split: [
    { fund: 'PROVINCE', weightBp: 2000 },
    { fund: 'CITY', weightBp: 4000 },
    { fund: 'TOWN', weightBp: 4000 },
  ],
  splitByTown: {
    TORCH: [
      { fund: 'CITY', weightBp: 3000 },
      { fund: 'TOWN', weightBp: 7000 },
    ],
  },
};

/** What a cap decides of a claim: its pool, the caps it names, each fund's share and the bank's. */
export const capOutcome = (claim: ClaimAllocation) =>
  capped(
    claim.poolFen,
    claim.capReasons,
    claim.fundShares.map((s) => s.shareFen),
    claim.bankShareFen,
  );

/** The outcome `capOutcome` expects, in the same order. */
export const capped = (
  poolFen: bigint,
  capReasons: readonly string[],
  fundSharesFen: readonly bigint[],
  bankShareFen: bigint,
) => ({ poolFen, capReasons, fundSharesFen, bankShareFen });

/** The first recovery after payout of a claim with co-sharers: shared as the claim was. */
export const firstRecoveryAfterPayout = (claim: ClaimAllocation, netFen: bigint) =>
  shareRecovery({
    basisFen: claim.basisFen,
    fundShares: claim.fundShares,
    coSharerShares: claim.coSharerShares,
    bankShareFen: claim.lenderShareFen,
    previousCumulativeNetFen: 0n,
    netFen,
  });
