import {
  allocateClaim,
  calendarYearOf,
  changeShare,
  ClaimAllocation,
  DomainError,
} from '@riskpool/domain';
import {
  FundMoves,
  publishFills,
  publishHoldPlaced,
  publishHoldReleased,
} from '../../../funds/fund-moves';
import { PoolContext } from '../../../shared/pool-context';
import { findLoan } from '../../../loans/persistence/loan.repository';
import { termsFor } from '../../../policies/policy-terms';

import {
  addHistory,
  claimParts,
  ClaimPartRow,
  ClaimRow,
  poolUsed,
  updateClaimAllocation,
} from '../../persistence/claim.repository';
import { publishClaimAdjusted } from '../../shared-claim';
import { programmeInputs } from '../programme-inputs';

/**
 * docs/domain.md §5.6-5.7: recompute a claim before payout from step 3 with the caps as they stand
 * (its own old pool left out of the annual usage), move each fund's hold and queued part to the
 * new share, and clear every approval. The caller holds the bank lock and the claim's row lock.
 */
export async function recomputeClaim(
  ctx: PoolContext,
  claim: ClaimRow,
  newBasisFen: bigint,
  actionDate: string,
  extra: { recoveredBeforePayoutFen?: bigint } = {},
): Promise<{ allocation: ClaimAllocation; parts: ClaimPartRow[] }> {
  const loan = await findLoan(ctx.uow, claim.loanId);
  if (loan === undefined) throw new Error(`claim ${claim.claimId}: loan ${claim.loanId} unknown`);
  const terms = await termsFor(
    ctx.uow,
    { policyVersionId: claim.economicPolicyVersionId, registrationDate: loan.registrationDate },
    actionDate,
    claim.proceduralPolicyVersionId,
  );
  if (!terms.ok) throw new DomainError('POLICY.NONE_IN_FORCE', terms.reason);
  const usedFen = await poolUsed(ctx.uow, {
    bankId: claim.bankId,
    year: calendarYearOf(claim.openedOn),
    exceptClaimId: claim.claimId,
  });
  const allocation = allocateClaim({
    basisFen: newBasisFen,
    originalPrincipalFen: loan.principalFen,
    flags: loan.flags,
    townCode: claim.townCode,
    economic: terms.economic,
    procedural: terms.procedural,
    bankPoolUsedThisYearFen: usedFen,
    ...(await programmeInputs(ctx.uow, loan, terms.procedural, claim.claimId)),
  });
  const before = await claimParts(ctx.uow, [claim.claimId]);
  const fundIds = before.map((p) => p.fundId);
  const newIds = allocation.fundShares.map((s) => s.fundId);
  if ([...fundIds].sort().join(',') !== [...newIds].sort().join(','))
    throw new Error(`claim ${claim.claimId}: a recomputation changed its funds`);

  const moves = await FundMoves.lock(ctx, fundIds);
  for (const share of allocation.fundShares) {
    const result = changeShare(moves.state(share.fundId), claim.claimId, share.shareFen);
    moves.set(result.fund);
    publishHoldPlaced(ctx, {
      fundId: share.fundId,
      claimId: claim.claimId,
      loanId: claim.loanId,
      amountFen: result.heldDeltaFen,
      cause: 'CLAIM_ADJUSTED',
    });
    publishHoldReleased(ctx, {
      fundId: share.fundId,
      claimId: claim.claimId,
      loanId: claim.loanId,
      amountFen: result.releasedFen,
      reason: 'CLAIM_ADJUSTED',
    });
    await publishFills(ctx, share.fundId, result.fills);
  }
  await moves.save();
  await updateClaimAllocation(ctx.uow, claim.claimId, allocation, extra);
  return { allocation, parts: await claimParts(ctx.uow, [claim.claimId]) };
}

/**
 * A recomputed claim made known: `pool.claim-adjusted.v1` out, and a history entry that records
 * the basis before and after and the pool it now draws, besides the action's own detail.
 */
export async function announceAdjustment(
  ctx: PoolContext,
  claim: ClaimRow,
  recomputed: { allocation: ClaimAllocation; parts: readonly ClaimPartRow[] },
  reason: string,
  history: { action: string; businessDate: string; detail: Record<string, unknown> },
): Promise<void> {
  publishClaimAdjusted(ctx, claim, recomputed, reason);
  const { allocation } = recomputed;
  await addHistory(ctx.uow, claim.claimId, {
    action: history.action,
    actor: ctx.actor,
    businessDate: history.businessDate,
    detail: {
      ...history.detail,
      previousBasisFen: claim.basisFen,
      basisFen: allocation.basisFen,
      poolFen: allocation.poolFen,
    },
  });
}
