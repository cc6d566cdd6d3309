import { EventData, Topics } from '@riskpool/contracts';
import { EventHandler } from '@riskpool/kafka';
import { PlanPayoutsHandler } from '../commands/plan-payouts/plan-payouts.handler';

/** `pool.claim-adjusted.v1`: recorded for audit (the approval carries the final amounts). */
export const claimAdjustedConsumer =
  (handler: PlanPayoutsHandler): EventHandler<EventData<typeof Topics.claimAdjusted>> =>
  (event, uow) =>
    handler.onClaimAdjusted(event, uow);
