import { Controller } from '@nestjs/common';
import { EventData, Topics, validateEventData } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, ConsumedEvent, OnEvent } from '@riskpool/kafka';
import { PolicyProjectionConsumer } from '@riskpool/service-kit';
import { SubsidyRepository } from '../persistence/subsidy.repository';

type LoanTopic =
  | typeof Topics.loanRepaid
  | typeof Topics.loanClosed
  | typeof Topics.defaultReported
  | typeof Topics.defaultCured
  | typeof Topics.loanWrittenOff;

const LOAN_TOPICS: readonly LoanTopic[] = [
  Topics.loanRepaid,
  Topics.loanClosed,
  Topics.defaultReported,
  Topics.defaultCured,
  Topics.loanWrittenOff,
];

/**
 * The subsidy service's view of loans (docs/domain.md §9.2 checks a report against it): terms,
 * flags and town from loans.loan-registered; outstanding over time from repayments and closure;
 * default episodes (report date to cure date) and write-offs from the credit topics; policy
 * versions from pool.policy-published. An event about a loan not yet projected is parked and
 * applied when the loan arrives.
 */
@Controller()
export class UpstreamEventsConsumer extends PolicyProjectionConsumer {
  constructor(private readonly repository: SubsidyRepository) {
    super(repository.policyStore);
  }

  @OnEvent(Topics.loanRegistered)
  async loanRegistered(event: Consumed<'loanRegistered'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    await this.repository.lockLoanEvents(uow.manager, d.loanId);
    const inserted = await this.repository.insertLoan(uow.manager, {
      loanId: d.loanId,
      bankId: d.bankId,
      uscc: d.enterprise.uscc,
      townCode: d.enterprise.townCode,
      principalFen: BigInt(d.principalFen),
      annualRateBp: d.annualRateBp,
      disbursementDate: d.disbursementDate,
      maturityDate: d.maturityDate,
      flags: d.flags,
      registrationDate: d.registrationDate,
      policyVersionId: d.policyVersionId,
      status: 'REGISTERED',
      everWrittenOff: false,
    });
    if (!inserted) return;
    await this.applyParked(uow, d.loanId);
  }

  /** repaid, closed, default reported/cured, written off: applied, or parked until the loan. */
  @OnEvent([
    Topics.loanRepaid,
    Topics.loanClosed,
    Topics.defaultReported,
    Topics.defaultCured,
    Topics.loanWrittenOff,
  ])
  async loanEvent(event: ConsumedEvent<unknown>, uow: UnitOfWork): Promise<void> {
    const topic = LOAN_TOPICS.find((t) => t === event.topic);
    if (topic === undefined) throw new Error(`not a loan topic: ${event.topic}`);
    const loanId = (event.envelope.data as { loanId: string }).loanId;
    await this.repository.lockLoanEvents(uow.manager, loanId);
    const applied = await this.applyLoanEvent(uow, topic, event.envelope.id, event.envelope.data);
    if (applied) await this.applyParked(uow, loanId);
    else
      await this.repository.park(uow.manager, {
        eventId: event.envelope.id,
        loanId,
        topic,
        payload: event.envelope.data,
      });
  }

  /**
   * Retries the loan's parked events after something was applied to it; those that still cannot
   * apply stay parked. Topics are ordered only within themselves, so a cure may overtake its
   * default report.
   */
  private async applyParked(uow: UnitOfWork, loanId: string): Promise<void> {
    let progress = true;
    while (progress) {
      progress = false;
      for (const parked of await this.repository.unpark(uow.manager, loanId)) {
        const topic = LOAN_TOPICS.find((t) => t === parked.topic);
        if (topic === undefined) continue;
        if (await this.applyLoanEvent(uow, topic, parked.eventId, parked.payload)) progress = true;
        else await this.repository.park(uow.manager, { ...parked, loanId, topic });
      }
    }
  }

  private async applyLoanEvent(
    uow: UnitOfWork,
    topic: LoanTopic,
    eventId: string,
    payload: unknown,
  ): Promise<boolean> {
    const checked = validateEventData(topic, payload);
    if (!checked.ok) throw new Error(checked.reason);
    const m = uow.manager;
    const loanId = checked.data.loanId;
    const loan = await this.repository.findLoan(m, loanId, true);
    if (loan === undefined) return false;
    if (topic === Topics.loanRepaid) {
      const d = checked.data as EventData<typeof Topics.loanRepaid>;
      await this.repository.addBalance(m, {
        eventId,
        loanId,
        effectiveOn: d.repaidOn,
        outstandingFen: BigInt(d.outstandingFen),
      });
    } else if (topic === Topics.loanClosed) {
      const d = checked.data as EventData<typeof Topics.loanClosed>;
      await this.repository.addBalance(m, {
        eventId,
        loanId,
        effectiveOn: d.closedOn,
        outstandingFen: 0n,
      });
      await this.repository.setLoanStatus(m, loanId, 'CLOSED');
    } else if (topic === Topics.defaultReported) {
      const d = checked.data as EventData<typeof Topics.defaultReported>;
      await this.repository.insertEpisode(m, {
        defaultId: d.defaultId,
        loanId,
        reportedOn: d.reportedOn,
      });
      await this.repository.setLoanStatus(m, loanId, 'DEFAULTED');
    } else if (topic === Topics.defaultCured) {
      const d = checked.data as EventData<typeof Topics.defaultCured>;
      if (!(await this.repository.cureEpisode(m, d.defaultId, d.curedOn))) return false;
      await this.repository.setLoanStatus(m, loanId, 'REGISTERED');
    } else {
      await this.repository.setLoanStatus(m, loanId, 'WRITTEN_OFF', true);
    }
    return true;
  }
}
