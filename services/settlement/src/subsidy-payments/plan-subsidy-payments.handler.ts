import { Logger } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { newInstructionId } from '../payouts/commands/plan-payouts/plan-payouts.handler';
import { PaymentInstructionRepository } from '../payouts/persistence/payment-instruction.repository';
import { lockKey } from '../shared/sql';
import { planSubsidyPayments } from './subsidy-payment-plan';

type RoundApproved = EventData<typeof Topics.subsidyRoundApproved>;

/**
 * `subsidy.round-approved.v1` → one payment instruction per enterprise and payee account, paid by
 * the same runner and rail as compensation (pain.001 on the file rail). The instructions commit
 * with the inbox row; each is unique per round, enterprise and account, so a redelivered or
 * repeated approval creates nothing.
 */
export class PlanSubsidyPaymentsHandler {
  private readonly logger = new Logger('plan-subsidy-payments');
  private readonly instructions: PaymentInstructionRepository;

  constructor(private readonly schema: string) {
    this.instructions = new PaymentInstructionRepository(schema);
  }

  async onRoundApproved(event: ConsumedEvent<RoundApproved>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    await lockKey(uow.manager, `${this.schema}.subsidy-round.${data.roundId}`);
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
