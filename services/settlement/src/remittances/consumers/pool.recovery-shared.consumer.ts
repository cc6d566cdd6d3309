import { EventData, Topics } from '@riskpool/contracts';
import { EventHandler } from '@riskpool/kafka';
import { RecordRecoveryShareHandler } from '../commands/record-recovery-share/record-recovery-share.handler';

/** `pool.recovery-shared.v1`: what the bank now owes each fund on the claim. */
export const recoverySharedConsumer =
  (handler: RecordRecoveryShareHandler): EventHandler<EventData<typeof Topics.recoveryShared>> =>
  (event, uow) =>
    handler.handle(event, uow);
