import { Injectable } from '@nestjs/common';
import { createEvent, Identity, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Problems } from '@riskpool/service-kit';
import { BankRepository, BankView } from '../../persistence/bank.repository';
import { SERVICE_NAME } from '../../deps';

export type BankStatusChange = 'suspend' | 'reinstate';

/**
 * Suspends an active bank (no new registrations) or reinstates a suspended one, whoever
 * suspended it (an admin or the NPL breaker); only an admin reinstates.
 */
@Injectable()
export class ChangeBankStatusHandler {
  constructor(private readonly banks: BankRepository) {}

  async execute(
    change: BankStatusChange,
    bankId: string,
    reason: string,
    by: Identity,
    uow: UnitOfWork,
  ): Promise<BankView> {
    const bank = await this.banks.find(uow.manager, bankId, true);
    if (bank === undefined) throw Problems.notFound(`Bank ${bankId}`);
    const [from, to] = change === 'suspend' ? ['ACTIVE', 'SUSPENDED'] : ['SUSPENDED', 'ACTIVE'];
    if (bank.status !== from)
      throw Problems.conflict(
        change === 'suspend' ? 'BANK.NOT_ACTIVE' : 'BANK.NOT_SUSPENDED',
        `Bank ${bankId} is ${bank.status}; only a${from === 'ACTIVE' ? 'n ACTIVE' : ' SUSPENDED'} bank can be ${change === 'suspend' ? 'suspended' : 'reinstated'}.`,
      );
    const changedBy = `admin:${by.keyId}`;
    const updated = (await this.banks.setStatus(uow.manager, bankId, {
      status: to as 'ACTIVE' | 'SUSPENDED',
      reason,
      by: changedBy,
      at: new Date(),
    })) as BankView;
    uow.publish(
      createEvent({
        topic: change === 'suspend' ? Topics.bankSuspended : Topics.bankReinstated,
        source: SERVICE_NAME,
        subject: bankId,
        correlationId: by.requestId,
        data: {
          bankId,
          status: updated.status,
          reason,
          changedBy,
          changedAt: updated.statusChangedAt,
        },
      }),
    );
    return updated;
  }
}
