import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { RemittanceRepository } from '../../persistence/remittance.repository';
import { SchemaHandler } from '../../../shared/schema-handler';

type PolicyPublished = EventData<typeof Topics.policyPublished>;

/** Keeps each policy version's `remitWithinDays` (shown with owed amounts; `dueOn` comes from the event). */
export class RecordPolicyHandler extends SchemaHandler {
  private readonly repository = new RemittanceRepository(this.schema);

  async handle(event: ConsumedEvent<PolicyPublished>, uow: UnitOfWork): Promise<void> {
    const { policy, publishedAt } = event.envelope.data;
    await this.repository.savePolicy(uow.manager, {
      policyVersionId: policy.policyVersionId,
      effectiveFrom: policy.effectiveFrom,
      effectiveTo: policy.effectiveTo,
      remitWithinDays: policy.remitWithinDays,
      publishedAt,
    });
  }
}
