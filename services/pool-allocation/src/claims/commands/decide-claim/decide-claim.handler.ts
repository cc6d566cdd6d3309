import { Injectable } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import {
  adjustClaimBasis,
  approveClaim,
  basisAdjustmentProblem,
  ClaimDecisionState,
  denyClaim,
  DecisionResult,
} from '@riskpool/domain';
import { Problems } from '@riskpool/service-kit';
import { PoolContext, publish } from '../../../shared/pool-context';
import { findLoan, lockBank, updateLoan } from '../../../loans/persistence/loan.repository';

import { decisionProblem } from '../../claim-problems';
import {
  addHistory,
  claimParts,
  ClaimPartRow,
  ClaimRow,
  clearApprovals,
  findClaim,
  recordApproval,
  setClaimStatus,
} from '../../persistence/claim.repository';
import { claimDetail, ClaimDetailView } from '../../queries/claim-view';
import { allocationInputsOf, programmeFieldsOfClaim, sharesOf } from '../../shared-claim';
import { announceAdjustment, recomputeClaim } from '../recompute-claim/recompute-claim';
import { releaseClaim } from '../withdraw-on-cure/release-claim';

export type Decision = 'APPROVE' | 'DENY' | 'ADJUST';

export interface DecideClaimCommand {
  readonly claimId: string;
  /** The deciding manager's fund (identity scope). */
  readonly fundId: string;
  readonly decision: Decision;
  readonly reason?: string;
  readonly newBasisFen?: bigint;
}

export function decisionState(claim: ClaimRow, parts: readonly ClaimPartRow[]): ClaimDecisionState {
  const ordered = [...parts].sort((a, b) => a.position - b.position);
  return {
    status: claim.status,
    fundIds: ordered.map((p) => p.fundId),
    approvedBy: ordered.filter((p) => p.approvedBy !== null).map((p) => p.fundId),
  };
}

/**
 * docs/domain.md §5.6-5.7: approve (each fund of the split once), deny (holds released, queued parts
 * out of the queue) or adjust the basis (recompute from §5.3, approvals start again).
 */
@Injectable()
export class DecideClaimHandler {
  async execute(ctx: PoolContext, cmd: DecideClaimCommand): Promise<ClaimDetailView> {
    const peek = await findClaim(ctx.uow, { claimId: cmd.claimId });
    if (peek === undefined) throw Problems.notFound(`claim ${cmd.claimId}`);
    await lockBank(ctx.uow, peek.bankId);
    const claim = await findClaim(ctx.uow, { claimId: cmd.claimId }, { lock: true });
    if (claim === undefined) throw Problems.notFound(`claim ${cmd.claimId}`);
    const parts = await claimParts(ctx.uow, [claim.claimId]);
    const state = decisionState(claim, parts);
    const actor = { kind: 'fund-manager', fundId: cmd.fundId } as const;

    const result: DecisionResult =
      cmd.decision === 'APPROVE'
        ? approveClaim(state, actor)
        : cmd.decision === 'DENY'
          ? denyClaim(state, actor)
          : adjustClaimBasis(state, actor);
    if (!result.ok) throw decisionProblem(result.refusal, claim, cmd.fundId);
    // "A manager may not decide twice": a fund that approved in this round has had its say.
    if (cmd.decision !== 'APPROVE' && state.approvedBy.includes(cmd.fundId)) {
      throw Problems.conflict(
        'CLAIM.ALREADY_DECIDED',
        `fund ${cmd.fundId} has already approved claim ${claim.claimId} in this round`,
      );
    }

    const decidedAt = ctx.now.toISOString();
    const decided = (extra: { reason?: string; newBasisFen?: bigint }) =>
      publish(ctx, Topics.claimDecided, claim.loanId, {
        claimId: claim.claimId,
        loanId: claim.loanId,
        fundId: cmd.fundId,
        decision: cmd.decision,
        decidedBy: ctx.actor,
        ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
        ...(extra.newBasisFen !== undefined ? { newBasisFen: extra.newBasisFen.toString() } : {}),
        decidedAt,
      });

    if (cmd.decision === 'APPROVE') {
      await recordApproval(ctx.uow, claim.claimId, cmd.fundId, ctx.actor);
      decided(cmd.reason !== undefined ? { reason: cmd.reason } : {});
      await addHistory(ctx.uow, claim.claimId, {
        action: 'APPROVED_BY_FUND',
        actor: ctx.actor,
        businessDate: ctx.businessDate,
        detail: { fundId: cmd.fundId, ...(cmd.reason !== undefined ? { reason: cmd.reason } : {}) },
      });
      if (result.approvedNow) await this.approve(ctx, claim);
    } else if (cmd.decision === 'DENY') {
      const reason = cmd.reason ?? '';
      const released = await releaseClaim(ctx, claim, 'CLAIM_DENIED');
      await setClaimStatus(ctx.uow, claim.claimId, 'DENIED', { closedOn: ctx.businessDate });
      await clearApprovals(ctx.uow, claim.claimId);
      decided({ reason });
      publish(ctx, Topics.claimDenied, claim.loanId, {
        claimId: claim.claimId,
        loanId: claim.loanId,
        bankId: claim.bankId,
        fundId: cmd.fundId,
        reason,
        deniedBy: ctx.actor,
        deniedOn: ctx.businessDate,
      });
      await addHistory(ctx.uow, claim.claimId, {
        action: 'DENIED',
        actor: ctx.actor,
        businessDate: ctx.businessDate,
        detail: { fundId: cmd.fundId, reason, released },
      });
    } else {
      const newBasisFen = cmd.newBasisFen ?? 0n;
      const reason = cmd.reason ?? '';
      // docs/domain.md §8.3: under a net-loss basis the ceiling is outstanding + interest + costs.
      const ceilingFen = claim.outstandingAtDefaultFen + claim.accruedInterestFen + claim.costsFen;
      const problem = basisAdjustmentProblem(newBasisFen, ceilingFen);
      if (problem !== undefined) {
        throw Problems.unprocessable(
          'CLAIM.BASIS_OUT_OF_RANGE',
          ceilingFen === claim.outstandingAtDefaultFen
            ? `an adjusted basis must be at least 1 fen and at most the outstanding at default (${claim.outstandingAtDefaultFen} fen)`
            : `an adjusted basis must be at least 1 fen and at most the loss at default (${ceilingFen} fen: outstanding, interest and costs)`,
          [{ field: 'newBasisFen', code: problem, message: `${newBasisFen} is out of range` }],
        );
      }
      const recomputed = await recomputeClaim(ctx, claim, newBasisFen, ctx.businessDate);
      decided({ reason, newBasisFen });
      await announceAdjustment(ctx, claim, recomputed, reason, {
        action: 'ADJUSTED',
        businessDate: ctx.businessDate,
        detail: { fundId: cmd.fundId, reason, capsApplied: recomputed.allocation.capReasons },
      });
    }
    const fresh = await findClaim(ctx.uow, { claimId: claim.claimId });
    if (fresh === undefined) throw new Error('claim vanished');
    return claimDetail(ctx.uow, fresh);
  }

  /** Every fund approved: settlement pays the held shares (and queued parts as they fill). */
  private async approve(ctx: PoolContext, claim: ClaimRow): Promise<void> {
    await setClaimStatus(ctx.uow, claim.claimId, 'APPROVED', { approvedOn: ctx.businessDate });
    const loan = await findLoan(ctx.uow, claim.loanId);
    if (loan !== undefined && loan.status === 'DEFAULTED')
      await updateLoan(ctx.uow, loan.loanId, { status: 'COMPENSATED' });
    const parts = await claimParts(ctx.uow, [claim.claimId]);
    publish(ctx, Topics.claimApproved, claim.loanId, {
      claimId: claim.claimId,
      loanId: claim.loanId,
      bankId: claim.bankId,
      defaultId: claim.defaultId,
      approvedOn: ctx.businessDate,
      basisFen: claim.basisFen.toString(),
      rateBp: claim.rateBp,
      poolFen: claim.poolFen.toString(),
      capsApplied: [...claim.capReasons],
      shares: sharesOf(parts),
      bankShareFen: claim.bankShareFen.toString(),
      economicPolicyVersionId: claim.economicPolicyVersionId,
      proceduralPolicyVersionId: claim.proceduralPolicyVersionId,
      ...programmeFieldsOfClaim(claim),
      allocationInputs: allocationInputsOf(claim),
    });
    await addHistory(ctx.uow, claim.claimId, {
      action: 'APPROVED',
      actor: ctx.actor,
      businessDate: ctx.businessDate,
      detail: { shares: sharesOf(parts) },
    });
  }
}
