import { createEvent, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
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

/**
 * Raises `settlement.remittance-overdue.v1` once per owed amount still outstanding after its due
 * date (`dueOn` from the recovery event = recovery date + `remitWithinDays`), as of a business
 * date. The mark and the event commit together, so a second check raises nothing again.
 */
export class CheckOverdueHandler {
  private readonly repository: RemittanceRepository;

  constructor(schema: string) {
    this.repository = new RemittanceRepository(schema);
  }

  async handle(uow: UnitOfWork, businessDate: string): Promise<OverdueRaised[]> {
    await this.repository.observeBusinessDate(uow.manager, businessDate);
    const rows = await this.repository.markOverdue(uow.manager, businessDate);
    return rows.map((row) => {
      const raised: OverdueRaised = {
        recoveryId: row.recoveryId,
        claimId: row.claimId,
        loanId: row.loanId,
        bankId: row.bankId,
        fundId: row.fundId,
        outstandingFen: row.outstandingFen.toString(),
        dueOn: row.dueOn,
      };
      uow.publish(
        createEvent({
          topic: Topics.remittanceOverdue,
          source: 'settlement',
          subject: row.loanId,
          correlationId: row.claimId,
          data: { ...raised, detectedOn: businessDate },
        }),
      );
      return raised;
    });
  }
}
