// docs/domain.md §8.2: a bank's compensation over the programme stops at a share of its registered
// principal (as EIF's capped guarantees).
import { allocateClaim, defaultPolicy } from '../index';
import { capOutcome, capped, exampleClaimInput, policy2026 } from './scenario-fixtures';

const CAPPED = policy2026('EU-CAP-2026', { portfolioCapBp: 500 });

function claim(
  registeredPrincipalFen: bigint,
  otherClaimsPoolFen: bigint,
  usedThisYearFen: bigint,
) {
  // 3,000,000.00 yuan principal: tier 4000 bp; basis 100000000 → uncapped pool 40000000.
  return allocateClaim(
    exampleClaimInput(
      {
        basisFen: 100_000_000n,
        originalPrincipalFen: 300_000_000n,
        flags: [],
        townCode: 'TORCH',
        bankPoolUsedThisYearFen: usedThisYearFen,
        portfolio: { registeredPrincipalFen, otherClaimsPoolFen },
      },
      CAPPED,
    ),
  );
}

describe('a portfolio cap of 500 bp', () => {
  it('bites: 5 % of 1000000000 registered is 50000000, 30000000 used, 20000000 paid', () => {
    const c = claim(1_000_000_000n, 30_000_000n, 30_000_000n);
    expect(c.uncappedPoolFen).toBe(40_000_000n);
    expect(c.portfolioCapFen).toBe(50_000_000n);
    expect(c.portfolioRemainingFen).toBe(20_000_000n);
    expect(capOutcome(c)).toEqual(
      capped(20_000_000n, ['PORTFOLIO_CAP'], [10_000_000n, 10_000_000n], 80_000_000n),
    );
  });

  it('names both caps when the annual cap gives the same 20000000', () => {
    // annual: 1,000万 yuan = 1000000000 − 980000000 used = 20000000;
    // portfolio: 5 % of 20000000000 = 1000000000 − 980000000 = 20000000.
    const c = claim(20_000_000_000n, 980_000_000n, 980_000_000n);
    expect(c.poolFen).toBe(20_000_000n);
    expect(c.capReasons).toEqual(['PER_BANK_ANNUAL_CAP', 'PORTFOLIO_CAP']);
  });

  it('pays nothing once used up, and does not bite when it is above the uncapped pool', () => {
    expect(claim(1_000_000_000n, 60_000_000n, 0n).poolFen).toBe(0n);
    const loose = claim(1_000_000_000n, 10_000_000n, 0n);
    expect(loose.poolFen).toBe(40_000_000n);
    expect(loose.capReasons).toEqual([]);
  });

  it('is absent from a default policy, which needs no portfolio', () => {
    const p = defaultPolicy('P', '2026-01-01');
    const c = allocateClaim(
      exampleClaimInput(
        {
          basisFen: 100_000_000n,
          originalPrincipalFen: 300_000_000n,
          flags: [],
          townCode: 'TORCH',
        },
        p,
      ),
    );
    expect(c.portfolioCapFen).toBeUndefined();
    expect(c.poolFen).toBe(40_000_000n);
  });
});
