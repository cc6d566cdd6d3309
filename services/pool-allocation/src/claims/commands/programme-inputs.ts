import { BankPortfolio, CoSharer, InstitutionKind, ProceduralTerms } from '@riskpool/domain';
import { bankRegisteredPrincipal, LoanRow } from '../../loans/persistence/loan.repository';

import { poolUsed } from '../persistence/claim.repository';
import { Tx } from '../../shared/persistence/sql';

/**
 * What `allocateClaim` needs beyond §5 (docs/domain.md §8): the lender's kind, the loan's
 * co-sharers, and the bank's portfolio when the procedural terms cap it. The caller holds the
 * bank lock, so the portfolio sums cannot move under it.
 */
export async function programmeInputs(
  tx: Tx,
  loan: Pick<LoanRow, 'bankId' | 'institutionKind' | 'coSharers'>,
  procedural: Pick<ProceduralTerms, 'portfolioCapBp'>,
  exceptClaimId: string | null,
): Promise<{
  institutionKind: InstitutionKind;
  coSharers: readonly CoSharer[];
  portfolio?: BankPortfolio;
}> {
  const base = { institutionKind: loan.institutionKind, coSharers: loan.coSharers };
  if (procedural.portfolioCapBp === undefined) return base;
  return {
    ...base,
    portfolio: {
      registeredPrincipalFen: await bankRegisteredPrincipal(tx, loan.bankId),
      otherClaimsPoolFen: await poolUsed(tx, { bankId: loan.bankId, exceptClaimId }),
    },
  };
}
