import { EventData, Topics } from '@riskpool/contracts';
import { EventHandler } from '@riskpool/kafka';
import { RecordPolicyHandler } from '../commands/record-policy/record-policy.handler';

/** `pool.policy-published.v1`: each version's `remitWithinDays`. */
export const policyPublishedConsumer =
  (handler: RecordPolicyHandler): EventHandler<EventData<typeof Topics.policyPublished>> =>
  (event, uow) =>
    handler.handle(event, uow);
