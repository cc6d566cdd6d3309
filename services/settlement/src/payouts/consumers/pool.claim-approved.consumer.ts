import { EventData, Topics } from '@riskpool/contracts';
import { EventHandler } from '@riskpool/kafka';
import { RecordCosharerObligationsHandler } from '../../cosharers/record-cosharer-obligations.handler';
import { PlanPayoutsHandler } from '../commands/plan-payouts/plan-payouts.handler';

/**
 * `pool.claim-approved.v1`: a payment instruction per fund share held at approval, and what each
 * co-sharer owes the lender (docs/domain.md §8.4), in one transaction.
 */
export const claimApprovedConsumer =
  (
    handler: PlanPayoutsHandler,
    cosharers: RecordCosharerObligationsHandler,
  ): EventHandler<EventData<typeof Topics.claimApproved>> =>
  async (event, uow) => {
    await handler.onClaimApproved(event, uow);
    await cosharers.onClaimApproved(event, uow);
  };
