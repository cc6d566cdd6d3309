import { createEvent, EventData, Identity, TopicName } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Problems, requestContext } from '@riskpool/service-kit';
import {
  CreditRepository,
  EpisodeStatus,
  LoanStatus,
  ProjectedLoan,
} from '../persistence/credit.repository';

export const SERVICE_NAME = 'default-events';

/**
 * The caller's loan, locked for the rest of the transaction. Another bank's loan answers exactly
 * like an unknown one (404), so loan ids cannot be probed.
 */
export async function lockOwnLoan(
  repository: CreditRepository,
  uow: UnitOfWork,
  identity: Identity,
  loanId: string,
): Promise<ProjectedLoan> {
  const loan = await repository.findLoan(uow.manager, loanId, true);
  if (loan === undefined || loan.bankId !== identity.scope)
    throw Problems.notFound(`Loan ${loanId}`);
  return loan;
}

export function correlationIdOf(identity: Identity): string {
  return requestContext.current()?.correlationId ?? identity.requestId;
}

/** Puts an event about the loan (its Kafka key) in the outbox of the command's transaction. */
export function publishLoanEvent<T extends TopicName>(
  uow: UnitOfWork,
  topic: T,
  loanId: string,
  correlationId: string,
  data: EventData<T>,
): void {
  uow.publish(createEvent({ topic, source: SERVICE_NAME, subject: loanId, correlationId, data }));
}

/** Ends the loan's open default (cured or written off) on `closedOn`; the loan takes `loanStatus`. */
export async function closeDefault(
  repository: CreditRepository,
  uow: UnitOfWork,
  open: { readonly defaultId: string; readonly loanId: string },
  status: { readonly episode: EpisodeStatus; readonly loan: LoanStatus },
  closedOn: string,
): Promise<void> {
  await repository.updateEpisode(uow.manager, open.defaultId, { status: status.episode, closedOn });
  await repository.updateLoan(uow.manager, open.loanId, { status: status.loan });
}
