import { release } from '@riskpool/domain';
import { FundMoves, publishFills, publishHoldReleased } from '../../../funds/fund-moves';
import { PoolContext } from '../../../shared/pool-context';

import { claimParts, ClaimRow } from '../../persistence/claim.repository';

/**
 * Deny or withdraw (docs/domain.md §4.4, §5.6): each fund's queued part leaves the queue, then its hold
 * is released and fills that fund's queue, oldest first.
 */
export async function releaseClaim(
  ctx: PoolContext,
  claim: ClaimRow,
  reason: 'CLAIM_DENIED' | 'CLAIM_WITHDRAWN',
): Promise<Array<{ fundId: string; releasedFen: bigint; dequeuedFen: bigint }>> {
  const parts = await claimParts(ctx.uow, [claim.claimId]);
  const moves = await FundMoves.lock(
    ctx,
    parts.map((p) => p.fundId),
  );
  const released: Array<{ fundId: string; releasedFen: bigint; dequeuedFen: bigint }> = [];
  for (const part of parts) {
    const result = release(moves.state(part.fundId), claim.claimId);
    moves.set(result.fund);
    publishHoldReleased(ctx, {
      fundId: part.fundId,
      claimId: claim.claimId,
      loanId: claim.loanId,
      amountFen: result.releasedFen,
      reason,
    });
    await publishFills(ctx, part.fundId, result.fills);
    released.push({
      fundId: part.fundId,
      releasedFen: result.releasedFen,
      dequeuedFen: result.dequeuedFen,
    });
  }
  await moves.save();
  return released;
}
