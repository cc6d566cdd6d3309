import { type ClaimForAnnualCap, allocateClaim, annualPoolUsedFen } from '../index';
import { exampleClaimInput, capOutcome, capped } from './scenario-fixtures';

describe("a bank's claims in one calendar year are capped at the per-bank annual cap", () => {
  const earlier: ClaimForAnnualCap[] = [
    {
      claimId: 'C1',
      bankId: 'B1',
      openedOn: '2026-02-01',
      status: 'APPROVED',
      poolFen: 500_000_000n,
    },
    { claimId: 'C2', bankId: 'B1', openedOn: '2026-05-01', status: 'OPEN', poolFen: 400_000_000n },
    {
      claimId: 'C3',
      bankId: 'B1',
      openedOn: '2026-06-01',
      status: 'DENIED',
      poolFen: 300_000_000n,
    },
    {
      claimId: 'C4',
      bankId: 'B1',
      openedOn: '2026-07-01',
      status: 'WITHDRAWN',
      poolFen: 300_000_000n,
    },
    {
      claimId: 'C5',
      bankId: 'B1',
      openedOn: '2025-12-31',
      status: 'APPROVED',
      poolFen: 500_000_000n,
    },
    {
      claimId: 'C6',
      bankId: 'B2',
      openedOn: '2026-03-01',
      status: 'APPROVED',
      poolFen: 500_000_000n,
    },
  ];

  it('counts only this bank, this year, and claims neither denied nor withdrawn', () => {
    expect(annualPoolUsedFen(earlier, 'B1', 2026)).toBe(900_000_000n);
    expect(annualPoolUsedFen(earlier, 'B1', 2026, 'C2')).toBe(500_000_000n);
  });

  it('gives the third claim only the 100000000 left and records PER_BANK_ANNUAL_CAP', () => {
    const claim = allocateClaim(
      exampleClaimInput({ bankPoolUsedThisYearFen: annualPoolUsedFen(earlier, 'B1', 2026) }),
    );
    expect(claim.uncappedPoolFen).toBe(270_000_000n);
    expect(claim.annualRemainingFen).toBe(100_000_000n);
    expect(capOutcome(claim)).toEqual(
      capped(100_000_000n, ['PER_BANK_ANNUAL_CAP'], [50_000_000n, 50_000_000n], 500_000_001n),
    );
  });

  it('starts afresh in the next calendar year', () => {
    const claim = allocateClaim(
      exampleClaimInput({ bankPoolUsedThisYearFen: annualPoolUsedFen(earlier, 'B1', 2027) }),
    );
    expect(claim.poolFen).toBe(270_000_000n);
    expect(claim.capReasons).toEqual([]);
  });
});
