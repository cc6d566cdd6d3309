import { ApiProperty } from '@nestjs/swagger';
import { Injectable } from '@nestjs/common';
import { Identity, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import {
  addDays,
  economicTerms,
  PolicyVersion,
  programmeTerms,
  recoveryCloseDeadline,
  recoveryCloseOverdue,
  recoveryClosedProblem,
} from '@riskpool/domain';
import { ApiDate, ApiFen, Problems } from '@riskpool/service-kit';
import { CreditCodes } from '../../credit-problems';
import { CreditRepository, Episode, ProjectedLoan } from '../../persistence/credit.repository';
import { DefaultOfLoan } from '../default-of-loan';
import { correlationIdOf, lockOwnLoan, publishLoanEvent } from '../loan-access';

/** A recovery declared finished, as the API answers it. */
export class RecoveryClosedResult extends DefaultOfLoan {
  @ApiDate({
    example: '2027-03-01',
    description: 'The business date recovery was declared finished',
  })
  readonly closedOn!: string;

  @ApiFen({
    example: '95000000',
    description:
      'Σ net of the recoveries reported on the default so far: the claim’s basis is lowered by it',
  })
  readonly netRecoveredFen!: string;

  @ApiProperty({ type: [String], example: ['0195f4c1-2b3c-7d4e-8f5a-6b7c8d9e0f1a'] })
  readonly recoveryIds!: string[];
}

/**
 * docs/domain.md §8.5: under AFTER_RECOVERY a reported default opens no claim; the bank declares
 * recovery finished and pool-allocation opens the claim on the basis that remains
 * (credit.recovery-closed.v1). Refused for a loan whose policy pays in advance (400 on `loanId`),
 * and for one without a default waiting for this declaration (409 on `(loan)`).
 */
@Injectable()
export class CloseRecoveryHandler {
  constructor(private readonly repository: CreditRepository) {}

  async close(identity: Identity, loanId: string, uow: UnitOfWork): Promise<RecoveryClosedResult> {
    const loan = await lockOwnLoan(this.repository, uow, identity, loanId);
    const timing = timingOf(loan, await this.repository.policyStore.policies(uow.manager));
    const open = await this.repository.openEpisode(uow.manager, loanId);
    const problem = recoveryClosedProblem({
      compensationTiming: timing,
      loanStatus: open === undefined ? loan.status : 'DEFAULTED',
      claimStatus:
        open === undefined || (open.claimId === null && open.recoveryClosedOn === null)
          ? undefined
          : 'OPEN',
    });
    if (problem === 'NOT_AFTER_RECOVERY')
      throw Problems.invalid(
        [
          {
            field: 'loanId',
            code: problem,
            message: `the loan's policy ${loan.policyVersionId} compensates in advance: its claim opened with the default`,
          },
        ],
        `Loan ${loanId} is not compensated after recovery.`,
      );
    if (problem !== undefined || open === undefined)
      throw Problems.conflict(
        CreditCodes.notAwaitingRecoveryClose,
        open === undefined
          ? `Loan ${loanId} is ${loan.status} without an open default: there is no recovery to close.`
          : `Recovery on default ${open.defaultId} was declared finished on ${open.recoveryClosedOn ?? open.reportedOn}.`,
        [
          {
            field: '(loan)',
            code: problem ?? 'NOT_AWAITING_RECOVERY_CLOSE',
            message: open === undefined ? 'not defaulted' : 'recovery already closed',
          },
        ],
      );
    return this.declare(uow, loan, open, identity.businessDate, correlationIdOf(identity));
  }

  /**
   * docs/domain.md §8.5: after the same date two years on from the report, the claim opens by
   * itself, dated the day after that last day; run when the business clock moves.
   */
  async closeOverdue(today: string, correlationId: string, uow: UnitOfWork): Promise<number> {
    const policies = await this.repository.policyStore.policies(uow.manager);
    let closed = 0;
    for (const episode of await this.repository.undeclaredEpisodesBefore(uow.manager, today)) {
      const loan = await this.repository.findLoan(uow.manager, episode.loanId, true);
      if (loan === undefined || timingOf(loan, policies) !== 'AFTER_RECOVERY') continue;
      if (!recoveryCloseOverdue(episode.reportedOn, today)) continue;
      const closedOn = addDays(recoveryCloseDeadline(episode.reportedOn), 1);
      await this.declare(uow, loan, episode, closedOn, correlationId);
      closed += 1;
    }
    return closed;
  }

  private async declare(
    uow: UnitOfWork,
    loan: ProjectedLoan,
    open: Episode,
    closedOn: string,
    correlationId: string,
  ): Promise<RecoveryClosedResult> {
    const counted = (await this.repository.recoveriesOf(uow.manager, loan.loanId)).filter(
      (r) => r.defaultId === open.defaultId,
    );
    const netRecoveredFen = counted.reduce((sum, r) => sum + r.netFen, 0n);
    await this.repository.updateEpisode(uow.manager, open.defaultId, {
      recoveryClosedOn: closedOn,
    });
    const result: RecoveryClosedResult = {
      defaultId: open.defaultId,
      loanId: loan.loanId,
      closedOn,
      netRecoveredFen: netRecoveredFen.toString(),
      recoveryIds: counted.map((r) => r.recoveryId),
    };
    publishLoanEvent(uow, Topics.recoveryClosed, loan.loanId, correlationId, {
      ...result,
      bankId: loan.bankId,
    });
    return result;
  }
}

/** Timing is an economic term: the loan's own version (docs/domain.md §8.6). */
function timingOf(loan: ProjectedLoan, policies: readonly PolicyVersion[]) {
  const policy = policies.find((p) => p.versionId === loan.policyVersionId);
  return policy === undefined
    ? 'ADVANCE'
    : programmeTerms(economicTerms(policy)).compensationTiming;
}
