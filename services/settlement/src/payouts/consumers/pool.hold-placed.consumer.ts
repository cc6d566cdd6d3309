import { EventData, Topics } from '@riskpool/contracts';
import { EventHandler } from '@riskpool/kafka';
import { PlanPayoutsHandler } from '../commands/plan-payouts/plan-payouts.handler';

/** `pool.hold-placed.v1` with cause QUEUE_FILLED: a queued part filled, paid once approved. */
export const holdPlacedConsumer =
  (handler: PlanPayoutsHandler): EventHandler<EventData<typeof Topics.holdPlaced>> =>
  (event, uow) =>
    handler.onHoldPlaced(event, uow);
