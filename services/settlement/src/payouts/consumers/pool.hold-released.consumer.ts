import { EventData, Topics } from '@riskpool/contracts';
import { EventHandler } from '@riskpool/kafka';
import { PlanPayoutsHandler } from '../commands/plan-payouts/plan-payouts.handler';

/** `pool.hold-released.v1`: a queue fill still waiting for its approval is never paid. */
export const holdReleasedConsumer =
  (handler: PlanPayoutsHandler): EventHandler<EventData<typeof Topics.holdReleased>> =>
  (event, uow) =>
    handler.onHoldReleased(event, uow);
