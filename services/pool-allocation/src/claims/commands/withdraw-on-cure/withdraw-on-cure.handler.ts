import { Injectable } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { PoolContext, publish } from '../../../shared/pool-context';
import { findLoan, updateLoan } from '../../../loans/persistence/loan.repository';

import {
  addHistory,
  clearApprovals,
  findClaim,
  setClaimStatus,
} from '../../persistence/claim.repository';
import { APPLIED, EventOutcome, isBeforePayout } from '../../shared-claim';
import { findAwaitingClaim, setAwaitingStatus } from '../../persistence/awaiting-claim.repository';
import { releaseClaim } from './release-claim';

export type DefaultCured = EventData<typeof Topics.defaultCured>;

/**
 * docs/domain.md §4.4: a cure before payout withdraws the claim, releases its holds (filling the funds'
 * queues), takes its queued parts out of the queue, and the loan is REGISTERED again.
 */
@Injectable()
export class WithdrawOnCureHandler {
  async execute(ctx: PoolContext, d: DefaultCured): Promise<EventOutcome> {
    const claim = await findClaim(ctx.uow, { defaultId: d.defaultId }, { lock: true });
    if (claim === undefined) return this.cureWhileWaiting(ctx, d);
    if (!isBeforePayout(claim.status)) {
      await addHistory(ctx.uow, claim.claimId, {
        action: 'CURE_RECORDED',
        actor: ctx.actor,
        businessDate: d.curedOn,
        detail: { note: `claim is ${claim.status}: a cure after payout moves no money` },
      });
      return { kind: 'recorded', note: `claim ${claim.claimId} is ${claim.status}` };
    }
    const released = await releaseClaim(ctx, claim, 'CLAIM_WITHDRAWN');
    await setClaimStatus(ctx.uow, claim.claimId, 'WITHDRAWN', { closedOn: d.curedOn });
    await clearApprovals(ctx.uow, claim.claimId);
    await this.loanCured(ctx, claim.loanId, d);
    publish(ctx, Topics.claimWithdrawn, claim.loanId, {
      claimId: claim.claimId,
      loanId: claim.loanId,
      bankId: claim.bankId,
      reason: 'CURED',
      withdrawnOn: d.curedOn,
    });
    await addHistory(ctx.uow, claim.claimId, {
      action: 'WITHDRAWN',
      actor: ctx.actor,
      businessDate: d.curedOn,
      detail: { reason: 'CURED', released },
    });
    return APPLIED;
  }

  /**
   * docs/domain.md §8.5: a cure while an AFTER_RECOVERY default waits for its declaration: no claim
   * was opened, so none is withdrawn; the loan is REGISTERED again and the wait ends.
   */
  private async cureWhileWaiting(ctx: PoolContext, d: DefaultCured): Promise<EventOutcome> {
    const wait = await findAwaitingClaim(ctx.uow, d.defaultId);
    if (wait === undefined) return { kind: 'parked', reason: `CLAIM_UNKNOWN: ${d.defaultId}` };
    if (wait.status !== 'WAITING') return APPLIED;
    await setAwaitingStatus(ctx.uow, d.defaultId, 'CURED');
    await this.loanCured(ctx, wait.loanId, d);
    return APPLIED;
  }

  /** The cured loan (when projected here) is REGISTERED again with the outstanding it cured at. */
  private async loanCured(ctx: PoolContext, loanId: string, d: DefaultCured): Promise<void> {
    const loan = await findLoan(ctx.uow, loanId);
    if (loan !== undefined)
      await updateLoan(ctx.uow, loan.loanId, {
        status: 'REGISTERED',
        outstandingFen: BigInt(d.outstandingFen),
        outstandingAtDefaultFen: null,
      });
  }
}
