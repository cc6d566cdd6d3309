import { Logger } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { applyCumulativeOwed } from '../../domain/cumulative-owed';
import { RemittanceRepository } from '../../persistence/remittance.repository';
import { SchemaHandler } from '../../../shared/schema-handler';

type RecoveryShared = EventData<typeof Topics.recoveryShared>;

/**
 * Keeps what a bank owes each fund per claim from `pool.recovery-shared.v1`. The event carries
 * each fund's cumulative owed figure; the change is always taken against the figure we hold (the
 * event's own `changeFen` may be -1 and is only a cross-check). A rise is a new owed amount due on
 * the event's `dueOn`; a fall comes off the newest outstanding amounts, or becomes a credit.
 */
export class RecordRecoveryShareHandler extends SchemaHandler {
  private readonly logger = new Logger('recovery-shares');
  private readonly repository = new RemittanceRepository(this.schema);

  async handle(event: ConsumedEvent<RecoveryShared>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    await this.lock(uow, 'recovery', data.claimId);
    const cumulativeNet = BigInt(data.cumulativeNetFen);
    for (const owed of data.owed) {
      const where = { bankId: data.bankId, fundId: owed.fundId, claimId: data.claimId };
      const applied = await applyCumulativeOwed(
        {
          ...this.repository.positions.of(uow.manager, {
            claimId: data.claimId,
            creditorId: owed.fundId,
            loanId: data.loanId,
            bankId: data.bankId,
          }),
          insertOwed: (amountFen, remittedFen) =>
            this.repository.insertOwed(uow.manager, {
              recoveryId: data.recoveryId,
              claimId: data.claimId,
              loanId: data.loanId,
              bankId: data.bankId,
              fundId: owed.fundId,
              amountFen,
              remittedFen,
              dueOn: data.dueOn,
              policyVersionId: data.policyVersionId,
            }),
          openNewestFirst: () => this.repository.openOwed(uow.manager, where, true),
          reduceOwed: (r) => this.repository.reduceOwedAmount(uow.manager, r),
        },
        cumulativeNet,
        BigInt(owed.cumulativeOwedFen),
      );
      if (applied.skipped) {
        this.logger.warn(
          `recovery ${data.recoveryId} on claim ${data.claimId} is older than what was applied: skipped`,
        );
      } else if (applied.changeFen !== BigInt(owed.changeFen)) {
        this.logger.warn(
          `recovery ${data.recoveryId} fund ${owed.fundId}: event change ${owed.changeFen}, netted ${applied.changeFen}`,
        );
      }
    }
  }
}
