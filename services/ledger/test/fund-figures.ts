// The statement specs' fund figures: a month of Xiaolan's town fund with every figure zero but
// those a spec gives.
import type { FundStatementFigures } from '@riskpool/domain';

const zero = { availableFen: 0n, heldFen: 0n, balanceFen: 0n };

export const fundFigures = (figures: Partial<FundStatementFigures>): FundStatementFigures => ({
  fundId: 'TOWN:XIAOLAN',
  opening: zero,
  closing: zero,
  depositsFen: 0n,
  holdsPlacedFen: 0n,
  holdsReleasedFen: 0n,
  payoutsFen: 0n,
  recoveriesReceivedFen: 0n,
  subsidyGrantsFen: 0n,
  subsidyLapsedFen: 0n,
  subsidiesPaidFen: 0n,
  otherCreditsFen: 0n,
  otherDebitsFen: 0n,
  ...figures,
});
