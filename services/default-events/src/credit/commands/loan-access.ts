import { Identity } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Problems, requestContext } from '@riskpool/service-kit';
import { CreditRepository, ProjectedLoan } from '../persistence/credit.repository';

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
