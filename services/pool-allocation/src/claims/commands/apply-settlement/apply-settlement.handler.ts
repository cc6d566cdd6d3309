import { Injectable, Logger } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { fill, heldFor, settle } from '@riskpool/domain';
import { FundMoves, publishFills } from '../../../funds/fund-moves';
import { PoolContext } from '../../../shared/pool-context';
import { findFund } from '../../../funds/persistence/fund.repository';

import {
  insertPayout,
  insertRemittance,
  payoutSeen,
} from '../../persistence/money-record.repository';
import { addHistory, findClaim, recordPaid } from '../../persistence/claim.repository';
import { APPLIED, EventOutcome } from '../../shared-claim';

export type PayoutCompleted = EventData<typeof Topics.payoutCompleted>;
export type RemittanceReceived = EventData<typeof Topics.remittanceReceived>;

/** Settlement's results: a payout takes held money out of the fund; a remittance brings money in. */
@Injectable()
export class ApplySettlementHandler {
  private readonly logger = new Logger('settlement-results');

  /** docs/domain.md §5.7: the paid part of the hold is posted (`settle`) and leaves the fund. */
  async payoutCompleted(ctx: PoolContext, d: PayoutCompleted): Promise<EventOutcome> {
    if (await payoutSeen(ctx.uow, d.payoutId)) return APPLIED;
    const claim = await findClaim(ctx.uow, { claimId: d.claimId });
    if (claim === undefined) {
      this.logger.warn(`payout ${d.payoutId} names unknown claim ${d.claimId}; recorded only`);
      return { kind: 'recorded', note: `unknown claim ${d.claimId}` };
    }
    const moves = await FundMoves.lock(ctx, [d.fundId]);
    const state = moves.state(d.fundId);
    const heldFen = heldFor(state, d.claimId);
    const amountFen = BigInt(d.amountFen);
    let paidFen: bigint;
    if (amountFen >= heldFen) {
      const result = settle(state, d.claimId);
      moves.set(result.fund);
      paidFen = result.paidFen;
    } else {
      // A payout of part of the hold (a fill topped the hold up after the instruction was made).
      moves.set({
        ...state,
        holds: state.holds.map((h) =>
          h.claimId === d.claimId ? { claimId: h.claimId, amountFen: h.amountFen - amountFen } : h,
        ),
      });
      paidFen = amountFen;
    }
    await moves.save();
    await recordPaid(ctx.uow, d.claimId, d.fundId, paidFen);
    await insertPayout(ctx.uow, {
      payoutId: d.payoutId,
      claimId: d.claimId,
      fundId: d.fundId,
      amountFen,
      appliedFen: paidFen,
    });
    await addHistory(ctx.uow, d.claimId, {
      action: 'PAID',
      actor: ctx.actor,
      detail: {
        payoutId: d.payoutId,
        fundId: d.fundId,
        amountFen,
        postedFromHoldFen: paidFen,
        ...(paidFen !== amountFen ? { note: 'payout exceeded the hold' } : {}),
      },
    });
    return APPLIED;
  }

  /** docs/domain.md §5.5: a remitted recovery is money available in the fund: it fills the queue first. */
  async remittanceReceived(ctx: PoolContext, d: RemittanceReceived): Promise<EventOutcome> {
    const fund = await findFund(ctx.uow, d.fundId);
    const amountFen = BigInt(d.amountFen);
    if (fund === undefined) {
      await insertRemittance(ctx.uow, {
        remittanceId: d.remittanceId,
        fundId: d.fundId,
        amountFen,
        applied: false,
      });
      this.logger.warn(`remittance ${d.remittanceId} for unknown fund ${d.fundId}; recorded only`);
      return { kind: 'recorded', note: `unknown fund ${d.fundId}` };
    }
    const fresh = await insertRemittance(ctx.uow, {
      remittanceId: d.remittanceId,
      fundId: d.fundId,
      amountFen,
      applied: true,
    });
    if (!fresh) return APPLIED;
    const moves = await FundMoves.lock(ctx, [d.fundId]);
    const result = fill(moves.state(d.fundId), amountFen);
    moves.set(result.fund);
    await moves.save();
    await publishFills(ctx, d.fundId, result.fills);
    return APPLIED;
  }
}
