import { Controller } from '@nestjs/common';
import { EventData, Topics, validateEventData } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { PolicyProjectionConsumer } from '@riskpool/service-kit';
import { CreditRepository } from '../persistence/credit.repository';

type Repaid = EventData<typeof Topics.loanRepaid>;
type Closed = EventData<typeof Topics.loanClosed>;

/**
 * default-events' projections: registered loans (with repayments and closure), policy versions,
 * and the claim outcomes that decide whether a cure or a write-off is allowed.
 *
 * A repayment or closure that arrives before its loan-registered (Kafka keeps one key's order,
 * so only a replay or a misrouted producer could do it) is parked, not lost, and applied when the
 * loan arrives.
 */
@Controller()
export class UpstreamEventsConsumer extends PolicyProjectionConsumer {
  constructor(private readonly repository: CreditRepository) {
    super(repository.policyStore);
  }

  @OnEvent(Topics.loanRegistered)
  async loanRegistered(event: Consumed<'loanRegistered'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    const inserted = await this.repository.insertLoan(uow.manager, {
      loanId: d.loanId,
      bankId: d.bankId,
      townCode: d.enterprise.townCode,
      principalFen: BigInt(d.principalFen),
      outstandingFen: BigInt(d.principalFen),
      status: 'REGISTERED',
      registrationDate: d.registrationDate,
      policyVersionId: d.policyVersionId,
      annualRateBp: d.annualRateBp,
    });
    if (!inserted) return;
    for (const parked of await this.repository.unpark(uow.manager, d.loanId)) {
      if (parked.topic === Topics.loanRepaid) {
        const data = validateEventData(Topics.loanRepaid, parked.payload);
        if (data.ok) await this.applyRepaid(uow, data.data);
      } else if (parked.topic === Topics.loanClosed) {
        const data = validateEventData(Topics.loanClosed, parked.payload);
        if (data.ok) await this.applyClosed(uow, data.data);
      }
    }
  }

  @OnEvent(Topics.loanRepaid)
  async loanRepaid(event: Consumed<'loanRepaid'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    if (!(await this.applyRepaid(uow, d))) await this.park(event, uow);
  }

  @OnEvent(Topics.loanClosed)
  async loanClosed(event: Consumed<'loanClosed'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    if (!(await this.applyClosed(uow, d))) await this.park(event, uow);
  }

  /**
   * The claim a default opened: its id answers the default report and the loan's default history
   * from now on, and its funds let their managers read that history. A claim-opened always follows
   * the default-reported this service published, so an unknown default can never apply (DLQ).
   */
  @OnEvent(Topics.claimOpened)
  async claimOpened(event: Consumed<'claimOpened'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    const found = await this.repository.setEpisodeClaim(uow.manager, d.defaultId, {
      claimId: d.claimId,
      fundIds: d.shares.map((s) => s.fundId),
    });
    if (!found) throw new Error(`claim ${d.claimId} opened for unknown default ${d.defaultId}`);
  }

  /** After payout: no cure any more; a write-off becomes possible. The loan is COMPENSATED. */
  @OnEvent(Topics.claimApproved)
  async claimApproved(event: Consumed<'claimApproved'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    const episode = await this.repository.findEpisode(uow.manager, d.defaultId);
    if (episode === undefined)
      throw new Error(`claim ${d.claimId} approved for unknown default ${d.defaultId}`);
    await this.repository.updateEpisode(uow.manager, d.defaultId, {
      claimStatus: 'APPROVED',
      claimId: d.claimId,
    });
    if (episode.status === 'OPEN')
      await this.repository.updateLoan(uow.manager, d.loanId, { status: 'COMPENSATED' });
  }

  /** After denial: the loan stays DEFAULTED; a write-off becomes possible, a cure does not. */
  @OnEvent(Topics.claimDenied)
  async claimDenied(event: Consumed<'claimDenied'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    const open = await this.repository.openEpisode(uow.manager, d.loanId);
    if (open === undefined)
      throw new Error(`claim ${d.claimId} denied for loan ${d.loanId} without an open default`);
    await this.repository.updateEpisode(uow.manager, open.defaultId, {
      claimStatus: 'DENIED',
      claimId: d.claimId,
    });
  }

  private async applyRepaid(uow: UnitOfWork, d: Repaid): Promise<boolean> {
    const loan = await this.repository.findLoan(uow.manager, d.loanId, true);
    if (loan === undefined) return false;
    await this.repository.updateLoan(uow.manager, d.loanId, {
      outstandingFen: BigInt(d.outstandingFen),
    });
    return true;
  }

  private async applyClosed(uow: UnitOfWork, d: Closed): Promise<boolean> {
    const loan = await this.repository.findLoan(uow.manager, d.loanId, true);
    if (loan === undefined) return false;
    await this.repository.updateLoan(uow.manager, d.loanId, {
      status: 'CLOSED',
      outstandingFen: 0n,
    });
    return true;
  }

  private async park(
    event: Consumed<'loanRepaid'> | Consumed<'loanClosed'>,
    uow: UnitOfWork,
  ): Promise<void> {
    await this.repository.park(uow.manager, {
      eventId: event.envelope.id,
      loanId: event.envelope.data.loanId,
      topic: event.topic,
      payload: event.envelope.data,
    });
  }
}
