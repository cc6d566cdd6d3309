import { Logger } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { newInstructionId } from '../payouts/commands/plan-payouts/plan-payouts.handler';
import { PaymentInstructionRepository } from '../payouts/persistence/payment-instruction.repository';
import { planSubsidyPayments } from './subsidy-payment-plan';
import { SchemaHandler } from '../shared/schema-handler';

type RoundApproved = EventData<typeof Topics.subsidyRoundApproved>;

/**
 * `subsidy.round-approved.v1` → one payment instruction per enterprise and payee account, paid by
 * the same runner and rail as compensation (pain.001 on the file rail). The instructions commit
 * with the inbox row; each is unique per round, enterprise and account, so a redelivered or
 * repeated approval creates nothing.
 */
export class PlanSubsidyPaymentsHandler extends SchemaHandler {
  private readonly logger = new Logger('plan-subsidy-payments');
  private readonly instructions = new PaymentInstructionRepository(this.schema);

  async onRoundApproved(event: ConsumedEvent<RoundApproved>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    await this.lock(uow, 'subsidy-round', data.roundId);
    let created = 0;
    for (const payment of planSubsidyPayments(data.grants)) {
      const fresh = await this.instructions.createSubsidy(uow.manager, {
        instructionId: newInstructionId(),
        payee: {
          roundId: data.roundId,
          closing: data.closing,
          uscc: payment.uscc,
          accountNo: payment.accountNo,
          accountName: payment.accountName,
        },
        amountFen: payment.amountFen,
        requestedOn: data.approvedOn,
        parts: payment.parts,
      });
      if (fresh) created += 1;
    }
    this.logger.log(`subsidy round ${data.roundId}: ${created} payment(s) planned`);
  }
}
