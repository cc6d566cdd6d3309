import { Injectable } from '@nestjs/common';
import { fundDeposit } from '@riskpool/db';
import { Topics, uuidv7 } from '@riskpool/contracts';
import { deposit } from '@riskpool/domain';
import { Problems } from '@riskpool/service-kit';
import { PoolContext, publish } from '../../../shared/pool-context';
import { FundMoves, publishFills } from '../../fund-moves';
import type { DepositView } from '../../fund-views';
import { addDeposited, findFund, insertDeposit } from '../../persistence/fund.repository';

export type { DepositView };

/**
 * A fund manager deposits into THEIR fund (docs/domain.md §1). The money fills the fund's queue first,
 * oldest part first (each fill a hold placed, cause QUEUE_FILLED); the rest is available.
 */
@Injectable()
export class DepositHandler {
  async execute(
    ctx: PoolContext,
    cmd: { fundId: string; managerFundId: string | null; amountFen: bigint; reference?: string },
  ): Promise<DepositView> {
    if (cmd.managerFundId !== cmd.fundId)
      throw Problems.forbidden(
        `a manager of ${cmd.managerFundId ?? 'no fund'} may not deposit into ${cmd.fundId}`,
      );
    if ((await findFund(ctx.uow, cmd.fundId)) === undefined)
      throw Problems.notFound(`fund ${cmd.fundId}`);
    const moves = await FundMoves.lock(ctx, [cmd.fundId]);
    const result = deposit(moves.state(cmd.fundId), cmd.amountFen);
    moves.set(result.fund);
    await moves.save();
    const depositId = uuidv7();
    await insertDeposit(ctx.uow, fundDeposit(depositId, cmd, ctx));
    await addDeposited(ctx.uow, cmd.fundId, cmd.amountFen);
    publish(ctx, Topics.fundDeposited, cmd.fundId, {
      depositId,
      fundId: cmd.fundId,
      amountFen: cmd.amountFen.toString(),
      depositedBy: ctx.actor,
      depositedAt: ctx.now.toISOString(),
      availableAfterFen: result.fund.availableFen.toString(),
    });
    await publishFills(ctx, cmd.fundId, result.fills);
    return {
      depositId,
      fundId: cmd.fundId,
      amountFen: cmd.amountFen.toString(),
      availableAfterFen: result.fund.availableFen.toString(),
      fills: result.fills.map((f) => ({
        claimId: f.claimId,
        amountFen: f.amountFen.toString(),
        partCompleted: f.partCompleted,
      })),
    };
  }
}
