import { createEvent, EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { CosharerObligationRepository } from '../../../cosharers/persistence/cosharer-obligation.repository';
import { RemittanceRepository } from '../../persistence/remittance.repository';
import { SchemaHandler } from '../../../shared/schema-handler';

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
function publishOverdue<T extends OverdueTopic>(
  uow: UnitOfWork,
  topic: T,
  data: EventData<T> & { loanId: string; claimId: string },
): void {
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

type OverdueTopic = typeof Topics.remittanceOverdue | typeof Topics.cosharerObligationOverdue;

/** The fields each overdue event carries, in the order they are written. */
const OVERDUE_FIELDS = [
  'recoveryId',
  'claimId',
  'loanId',
  'bankId',
  'fundId',
  'outstandingFen',
  'dueOn',
] as const;
const COSHARER_OVERDUE_FIELDS = [
  'claimId',
  'loanId',
  'bankId',
  'partyId',
  'payer',
  'source',
  'sourceRef',
  'outstandingFen',
  'dueOn',
] as const;

type Raised<R, K extends keyof R> = {
  readonly [P in K]: P extends 'outstandingFen' ? string : R[P];
};

/**
 * The rows just marked overdue, each cut to its event's fields (the outstanding fen as a decimal
 * string) and published with the date it was detected on.
 */
function raiseOverdue<
  T extends OverdueTopic,
  R extends { readonly outstandingFen: bigint },
  K extends keyof R & string,
>(
  uow: UnitOfWork,
  topic: T,
  businessDate: string,
  rows: readonly R[],
  fields: readonly K[],
): Array<Raised<R, K>> {
  return rows.map((row) => {
    const raised = Object.fromEntries(
      fields.map((field) => [
        field,
        field === 'outstandingFen' ? row.outstandingFen.toString() : row[field],
      ]),
    ) as Raised<R, K>;
    publishOverdue(uow, topic, {
      ...raised,
      detectedOn: businessDate,
    } as unknown as EventData<T> & { loanId: string; claimId: string });
    return raised;
  });
}

/**
 * Raises `settlement.remittance-overdue.v1` once per owed amount still outstanding after its due
 * date (`dueOn` from the recovery event = recovery date + `remitWithinDays`), as of a business
 * date. The mark and the event commit together, so a second check raises nothing again. The same
 * for co-sharer obligations (`settlement.cosharer-obligation-overdue.v1`), either way round.
 */
export class CheckOverdueHandler extends SchemaHandler {
  private readonly repository = new RemittanceRepository(this.schema);
  private readonly cosharers = new CosharerObligationRepository(this.schema);

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
    const raised: OverdueRaised[] = raiseOverdue(
      uow,
      Topics.remittanceOverdue,
      businessDate,
      await this.repository.markOverdue(uow.manager, businessDate),
      OVERDUE_FIELDS,
    );
    const cosharerRaised: CosharerOverdueRaised[] = raiseOverdue(
      uow,
      Topics.cosharerObligationOverdue,
      businessDate,
      await this.cosharers.markOverdue(uow.manager, businessDate),
      COSHARER_OVERDUE_FIELDS,
    );
    return { raised, cosharerRaised };
  }
}
