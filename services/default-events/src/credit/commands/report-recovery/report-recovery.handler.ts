import { Injectable } from '@nestjs/common';
import { createEvent, Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { netRecoveryFen, parseFen } from '@riskpool/domain';
import { Problems } from '@riskpool/service-kit';
import { CreditCodes } from '../../credit-problems';
import { CreditRepository } from '../../persistence/credit.repository';
import { correlationIdOf, lockOwnLoan, SERVICE_NAME } from '../loan-access';

export interface RecoveryResult {
  readonly recoveryId: string;
  readonly defaultId: string;
  readonly loanId: string;
  readonly amountFen: string;
  readonly costsFen: string;
  readonly netFen: string;
  readonly recoveredOn: string;
}

/**
 * docs/domain.md §4.5: amount and collection costs; net = amount − costs, not below 0. Recorded on the
 * open default (before or after payout, or after a denial) or on a written-off one; what it does
 * to money is pool-allocation's business.
 */
@Injectable()
export class ReportRecoveryHandler {
  constructor(private readonly repository: CreditRepository) {}

  async report(
    identity: Identity,
    loanId: string,
    input: { amountFen: string; costsFen: string },
    uow: UnitOfWork,
  ): Promise<RecoveryResult> {
    const loan = await lockOwnLoan(this.repository, uow, identity, loanId);
    const episode = await this.repository.recoverableEpisode(uow.manager, loanId);
    if (episode === undefined)
      throw Problems.conflict(
        CreditCodes.noDefault,
        `Loan ${loanId} is ${loan.status} without a default: there is nothing to recover.`,
      );
    const amountFen = parseFen(input.amountFen);
    const costsFen = parseFen(input.costsFen);
    const netFen = netRecoveryFen(amountFen, costsFen);
    const recoveryId = uuidv7();
    const today = identity.businessDate;
    await this.repository.insertRecovery(uow.manager, {
      recoveryId,
      defaultId: episode.defaultId,
      loanId,
      amountFen,
      costsFen,
      netFen,
      recoveredOn: today,
    });
    uow.publish(
      createEvent({
        topic: Topics.recoveryReported,
        source: SERVICE_NAME,
        subject: loanId,
        correlationId: correlationIdOf(identity),
        data: {
          recoveryId,
          loanId,
          bankId: loan.bankId,
          defaultId: episode.defaultId,
          amountFen: amountFen.toString(),
          costsFen: costsFen.toString(),
          netFen: netFen.toString(),
          recoveredOn: today,
        },
      }),
    );
    return {
      recoveryId,
      defaultId: episode.defaultId,
      loanId,
      amountFen: amountFen.toString(),
      costsFen: costsFen.toString(),
      netFen: netFen.toString(),
      recoveredOn: today,
    };
  }
}
