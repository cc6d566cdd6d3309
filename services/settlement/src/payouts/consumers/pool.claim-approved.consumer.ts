import { EventData, Topics } from '@riskpool/contracts';
import { EventHandler } from '@riskpool/kafka';
import { PlanPayoutsHandler } from '../commands/plan-payouts/plan-payouts.handler';

/** `pool.claim-approved.v1`: a payment instruction per fund share held at approval. */
export const claimApprovedConsumer =
  (handler: PlanPayoutsHandler): EventHandler<EventData<typeof Topics.claimApproved>> =>
  (event, uow) =>
    handler.onClaimApproved(event, uow);
