import { Injectable } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { addDays, lowerBasisByRecovery, recoveryTreatment, shareRecovery } from '@riskpool/domain';
import { PoolContext, publish } from '../../../shared/pool-context';
import { findLoan, lockBank } from '../../../loans/persistence/loan.repository';
import { termsFor } from '../../../policies/policy-terms';

import { insertRecovery } from '../../persistence/money-record.repository';
import {
  addHistory,
  claimParts,
  findClaim,
  setRecovered,
} from '../../persistence/claim.repository';
import { APPLIED, coSharerSharesOf, EventOutcome } from '../../shared-claim';
import { announceAdjustment, recomputeClaim } from '../recompute-claim/recompute-claim';

export type RecoveryReported = EventData<typeof Topics.recoveryReported>;

/**
 * docs/domain.md §4.5, §5.1, §5.8: before payout a recovery lowers the basis (recompute, approvals
 * start again); after payout it is shared by what each party bore and the bank owes each fund its
 * part; on a denied or withdrawn claim it is recorded and moves no money.
 */
@Injectable()
export class ApplyRecoveryHandler {
  async execute(ctx: PoolContext, d: RecoveryReported): Promise<EventOutcome> {
    const peek = await findClaim(ctx.uow, { defaultId: d.defaultId });
    if (peek === undefined) return { kind: 'parked', reason: `CLAIM_UNKNOWN: ${d.defaultId}` };
    await lockBank(ctx.uow, peek.bankId);
    const claim = await findClaim(ctx.uow, { defaultId: d.defaultId }, { lock: true });
    if (claim === undefined) throw new Error('claim vanished');
    const netFen = BigInt(d.netFen);
    const treatment = recoveryTreatment(claim.status);
    const record = async (detail: Record<string, unknown>): Promise<boolean> =>
      insertRecovery(ctx.uow, {
        recoveryId: d.recoveryId,
        loanId: d.loanId,
        defaultId: d.defaultId,
        claimId: claim.claimId,
        netFen,
        treatment,
        recoveredOn: d.recoveredOn,
        detail,
      });

    if (treatment === 'RECORD_ONLY') {
      if (!(await record({ status: claim.status }))) return APPLIED;
      await addHistory(ctx.uow, claim.claimId, {
        action: 'RECOVERY_RECORDED',
        actor: ctx.actor,
        businessDate: d.recoveredOn,
        detail: {
          recoveryId: d.recoveryId,
          netFen,
          note: `claim is ${claim.status}: no money moves`,
        },
      });
      return { kind: 'recorded', note: `claim ${claim.claimId} is ${claim.status}` };
    }

    if (treatment === 'LOWER_BASIS') {
      const lowered = lowerBasisByRecovery(claim.basisFen, netFen);
      if (
        !(await record({
          previousBasisFen: claim.basisFen.toString(),
          basisFen: lowered.basisFen.toString(),
        }))
      )
        return APPLIED;
      const reason = `recovery ${d.recoveryId} of ${netFen} fen net before payout lowers the basis`;
      const recomputed = await recomputeClaim(ctx, claim, lowered.basisFen, d.recoveredOn, {
        recoveredBeforePayoutFen: claim.recoveredBeforePayoutFen + netFen,
      });
      await announceAdjustment(ctx, claim, recomputed, reason, {
        action: 'RECOVERY_LOWERED_BASIS',
        businessDate: d.recoveredOn,
        detail: { recoveryId: d.recoveryId, netFen, excessFen: lowered.excessFen },
      });
      return APPLIED;
    }

    // SHARE: after payout, split the cumulative recovery over what each party bore.
    const parts = (await claimParts(ctx.uow, [claim.claimId])).sort(
      (a, b) => a.position - b.position,
    );
    // docs/domain.md §8.4: [funds…, co-sharers…, lender], each by what it bore.
    const coSharerShares = coSharerSharesOf(claim);
    const coSharedFen = coSharerShares.reduce((sum, c) => sum + c.shareFen, 0n);
    const shared = shareRecovery({
      basisFen: claim.basisFen,
      fundShares: parts.map((p) => ({ fundId: p.fundId, shareFen: p.shareFen })),
      coSharerShares,
      bankShareFen: claim.bankShareFen - coSharedFen,
      previousCumulativeNetFen: claim.recoveredAfterPayoutFen,
      netFen,
    });
    const loan = await findLoan(ctx.uow, claim.loanId);
    const terms = await termsFor(
      ctx.uow,
      {
        policyVersionId: claim.economicPolicyVersionId,
        registrationDate: loan?.registrationDate ?? claim.openedOn,
      },
      d.recoveredOn,
      claim.proceduralPolicyVersionId,
    );
    if (!terms.ok) return { kind: 'parked', reason: terms.reason };
    const dueOn = addDays(d.recoveredOn, terms.procedural.remitWithinDays);
    if (
      !(await record({
        cumulativeNetFen: shared.cumulativeNetFen.toString(),
        owed: shared.funds.map((f) => ({ fundId: f.fundId, owedFen: f.owedFen.toString() })),
        dueOn,
      }))
    )
      return APPLIED;
    await setRecovered(ctx.uow, claim.claimId, 'after', shared.cumulativeNetFen);
    publish(ctx, Topics.recoveryShared, claim.loanId, {
      recoveryId: d.recoveryId,
      claimId: claim.claimId,
      loanId: claim.loanId,
      bankId: claim.bankId,
      cumulativeNetFen: shared.cumulativeNetFen.toString(),
      owed: shared.funds.map((f) => ({
        fundId: f.fundId,
        cumulativeOwedFen: f.cumulativePartFen.toString(),
        changeFen: f.owedFen.toString(),
      })),
      // The bank's own part can be -1 fen in the Alabama case; the cumulative figure is exact.
      bankPartFen: (shared.bankPartFen < 0n ? 0n : shared.bankPartFen).toString(),
      bankCumulativePartFen: shared.bankCumulativePartFen.toString(),
      netFen: netFen.toString(),
      dueOn,
      policyVersionId: terms.procedural.versionId,
      ...(shared.coSharers.length === 0
        ? {}
        : {
            coSharerOwed: shared.coSharers.map((c) => ({
              partyId: c.partyId,
              cumulativeOwedFen: c.cumulativePartFen.toString(),
              changeFen: c.owedFen.toString(),
            })),
          }),
    });
    await addHistory(ctx.uow, claim.claimId, {
      action: 'RECOVERY_SHARED',
      actor: ctx.actor,
      businessDate: d.recoveredOn,
      detail: {
        recoveryId: d.recoveryId,
        netFen,
        cumulativeNetFen: shared.cumulativeNetFen,
        owed: shared.funds.map((f) => ({
          fundId: f.fundId,
          cumulativeOwedFen: f.cumulativePartFen,
          changeFen: f.owedFen,
        })),
        bankPartFen: shared.bankPartFen,
        excessOverBasisFen: shared.excessOverBasisFen,
        dueOn,
      },
    });
    return APPLIED;
  }
}
