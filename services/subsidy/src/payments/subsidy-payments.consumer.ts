import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { SubsidyRepository } from '../persistence/subsidy.repository';

/**
 * Settlement paid a round's grants to one enterprise (`settlement.subsidy-payment-completed.v1`):
 * each part's subsidy fund moves that amount from held to paid, in the transaction that records
 * the event in the inbox. The payment's row (keyed by its id, the EndToEndId) makes a payment
 * count once even when the event comes again after the inbox has pruned it.
 */
@Controller()
export class SubsidyPaymentsConsumer {
  constructor(private readonly repository: SubsidyRepository) {}

  @OnEvent(Topics.subsidyPaymentCompleted)
  async paymentCompleted(
    event: Consumed<'subsidyPaymentCompleted'>,
    uow: UnitOfWork,
  ): Promise<void> {
    const d = event.envelope.data;
    const m = uow.manager;
    const round = await this.repository.findRound(m, d.roundId);
    if (round?.status !== 'APPROVED')
      throw new Error(
        `payment ${d.paymentId} pays round ${d.roundId}, which is ${round?.status ?? 'unknown'}, not APPROVED`,
      );
    const recorded = await this.repository.insertPayment(m, {
      paymentId: d.paymentId,
      roundId: d.roundId,
      uscc: d.uscc,
      amountFen: BigInt(d.amountFen),
      parts: d.parts,
      completedAt: d.completedAt,
      eventId: event.envelope.id,
    });
    if (!recorded) return;
    const byFund = new Map<string, bigint>();
    for (const part of d.parts)
      byFund.set(part.fundId, (byFund.get(part.fundId) ?? 0n) + BigInt(part.amountFen));
    const funds = await this.repository.lockFunds(m, [...byFund.keys()]);
    for (const [fundId, amountFen] of [...byFund].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const fund = funds.get(fundId);
      if (fund === undefined || fund.heldFen < amountFen)
        throw new Error(
          `payment ${d.paymentId} pays ${amountFen} fen of ${fundId}, which holds ${fund?.heldFen ?? 'nothing'}`,
        );
      await this.repository.moveFundMoney(m, fundId, { heldFen: -amountFen, paidFen: amountFen });
    }
  }
}
