import { EventData, Topics } from '@riskpool/contracts';
import { EventHandler } from '@riskpool/kafka';
import { RecordCosharerObligationsHandler } from '../../cosharers/record-cosharer-obligations.handler';
import { RecordRecoveryShareHandler } from '../commands/record-recovery-share/record-recovery-share.handler';

/**
 * `pool.recovery-shared.v1`: what the bank now owes each fund on the claim, and each co-sharer
 * (docs/domain.md §8.4), in one transaction.
 */
export const recoverySharedConsumer =
  (
    handler: RecordRecoveryShareHandler,
    cosharers: RecordCosharerObligationsHandler,
  ): EventHandler<EventData<typeof Topics.recoveryShared>> =>
  async (event, uow) => {
    await handler.handle(event, uow);
    await cosharers.onRecoveryShared(event, uow);
  };
