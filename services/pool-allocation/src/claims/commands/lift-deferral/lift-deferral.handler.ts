import { Injectable } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { liftDeferral } from '@riskpool/domain';
import { Problems } from '@riskpool/service-kit';
import { PoolContext, publish } from '../../../shared/pool-context';
import { decisionProblem } from '../../claim-problems';
import {
  addHistory,
  claimParts,
  findClaim,
  setClaimStatus,
} from '../../persistence/claim.repository';
import { claimDetail, ClaimDetailView } from '../../queries/claim-view';
import { decisionState } from '../decide-claim/decide-claim.handler';

/** docs/domain.md §6: a fund-manager:CITY lifts a breaker deferral with a reason; the claim is OPEN. */
@Injectable()
export class LiftDeferralHandler {
  async execute(
    ctx: PoolContext,
    cmd: { claimId: string; fundId: string; reason: string },
  ): Promise<ClaimDetailView> {
    const claim = await findClaim(ctx.uow, { claimId: cmd.claimId }, { lock: true });
    if (claim === undefined) throw Problems.notFound(`claim ${cmd.claimId}`);
    const parts = await claimParts(ctx.uow, [claim.claimId]);
    const result = liftDeferral(decisionState(claim, parts), {
      kind: 'fund-manager',
      fundId: cmd.fundId,
    });
    if (!result.ok) throw decisionProblem(result.refusal, claim, cmd.fundId);
    await setClaimStatus(ctx.uow, claim.claimId, 'OPEN');
    publish(ctx, Topics.claimDeferralLifted, claim.loanId, {
      claimId: claim.claimId,
      loanId: claim.loanId,
      bankId: claim.bankId,
      reason: cmd.reason,
      liftedBy: ctx.actor,
      liftedAt: ctx.now.toISOString(),
    });
    await addHistory(ctx.uow, claim.claimId, {
      action: 'DEFERRAL_LIFTED',
      actor: ctx.actor,
      businessDate: ctx.businessDate,
      detail: { reason: cmd.reason },
    });
    const fresh = await findClaim(ctx.uow, { claimId: claim.claimId });
    if (fresh === undefined) throw new Error('claim vanished');
    return claimDetail(ctx.uow, fresh);
  }
}
