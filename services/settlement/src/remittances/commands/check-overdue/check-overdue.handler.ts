import { createEvent, EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { CosharerObligationRepository } from '../../../cosharers/persistence/cosharer-obligation.repository';
import { RemittanceRepository } from '../../persistence/remittance.repository';

export interface OverdueRaised {
  readonly recoveryId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly fundId: string;
  readonly outstandingFen: string;
  readonly dueOn: string;
}

/** A co-sharer obligation raised as overdue (docs/domain.md §8.4). */
export interface CosharerOverdueRaised {
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly partyId: string;
  readonly payer: 'COSHARER' | 'LENDER';
  readonly source: 'CLAIM_SHARE' | 'RECOVERY';
  readonly sourceRef: string;
  readonly outstandingFen: string;
  readonly dueOn: string;
}

/** An overdue event about a loan's claim, keyed by the loan and correlated with the claim. */
function publishOverdue<
  T extends typeof Topics.remittanceOverdue | typeof Topics.cosharerObligationOverdue,
>(uow: UnitOfWork, topic: T, data: EventData<T> & { loanId: string; claimId: string }): void {
  uow.publish(
    createEvent({
      topic,
      source: 'settlement',
      subject: data.loanId,
      correlationId: data.claimId,
      data,
    }),
  );
}

/**
 * Raises `settlement.remittance-overdue.v1` once per owed amount still outstanding after its due
 * date (`dueOn` from the recovery event = recovery date + `remitWithinDays`), as of a business
 * date. The mark and the event commit together, so a second check raises nothing again. The same
 * for co-sharer obligations (`settlement.cosharer-obligation-overdue.v1`), either way round.
 */
export class CheckOverdueHandler {
  private readonly repository: RemittanceRepository;
  private readonly cosharers: CosharerObligationRepository;

  constructor(schema: string) {
    this.repository = new RemittanceRepository(schema);
    this.cosharers = new CosharerObligationRepository(schema);
  }

  /**
   * The business clock announced a date (gateway.business-date-changed.v1, the only way the
   * service learns it): recorded, and when it moves the date forward, checked at once in the same
   * transaction as the inbox.
   */
  async onBusinessDate(uow: UnitOfWork, businessDate: string): Promise<void> {
    if (await this.repository.observeBusinessDate(uow.manager, businessDate))
      await this.handle(uow, businessDate);
  }

  async handle(
    uow: UnitOfWork,
    businessDate: string,
  ): Promise<{ raised: OverdueRaised[]; cosharerRaised: CosharerOverdueRaised[] }> {
    await this.repository.observeBusinessDate(uow.manager, businessDate);
    const rows = await this.repository.markOverdue(uow.manager, businessDate);
    const raised = rows.map((row) => {
      const raised: OverdueRaised = {
        recoveryId: row.recoveryId,
        claimId: row.claimId,
        loanId: row.loanId,
        bankId: row.bankId,
        fundId: row.fundId,
        outstandingFen: row.outstandingFen.toString(),
        dueOn: row.dueOn,
      };
      publishOverdue(uow, Topics.remittanceOverdue, { ...raised, detectedOn: businessDate });
      return raised;
    });
    const cosharerRows = await this.cosharers.markOverdue(uow.manager, businessDate);
    const cosharerRaised = cosharerRows.map((row) => {
      const data: CosharerOverdueRaised = {
        claimId: row.claimId,
        loanId: row.loanId,
        bankId: row.bankId,
        partyId: row.partyId,
        payer: row.payer,
        source: row.source,
        sourceRef: row.sourceRef,
        outstandingFen: row.outstandingFen.toString(),
        dueOn: row.dueOn,
      };
      publishOverdue(uow, Topics.cosharerObligationOverdue, { ...data, detectedOn: businessDate });
      return data;
    });
    return { raised, cosharerRaised };
  }
}
