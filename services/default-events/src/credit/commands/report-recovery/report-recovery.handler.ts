import { ApiProperty } from '@nestjs/swagger';
import { Injectable } from '@nestjs/common';
import { Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { netRecoveryFen, parseFen } from '@riskpool/domain';
import { ApiDate, ApiFen, Problems } from '@riskpool/service-kit';
import { CreditCodes } from '../../credit-problems';
import { CreditRepository } from '../../persistence/credit.repository';
import { correlationIdOf, lockOwnLoan, publishLoanEvent } from '../loan-access';

/** A recorded recovery as the API answers it. */
export class RecoveryResult {
  @ApiProperty({ example: '0195f4c1-2b3c-7d4e-8f5a-6b7c8d9e0f1a' })
  readonly recoveryId!: string;

  @ApiProperty({ example: '0195f3b0-1d2e-7c4f-8a9b-0c1d2e3f4a5b' })
  readonly defaultId!: string;

  @ApiProperty({ example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10' })
  readonly loanId!: string;

  @ApiFen({ example: '100000000' })
  readonly amountFen!: string;

  @ApiFen({ example: '5000000' })
  readonly costsFen!: string;

  @ApiFen({ example: '95000000', description: 'amount − costs, never below 0' })
  readonly netFen!: string;

  @ApiDate({ example: '2026-06-01', description: 'The business date it was reported' })
  readonly recoveredOn!: string;
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
    publishLoanEvent(uow, Topics.recoveryReported, loanId, correlationIdOf(identity), {
      recoveryId,
      loanId,
      bankId: loan.bankId,
      defaultId: episode.defaultId,
      amountFen: amountFen.toString(),
      costsFen: costsFen.toString(),
      netFen: netFen.toString(),
      recoveredOn: today,
    });
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
