import { ApiProperty } from '@nestjs/swagger';
import { Injectable } from '@nestjs/common';
import { Identity, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ApiDate, ApiFen, Problems } from '@riskpool/service-kit';
import { CreditCodes } from '../../credit-problems';
import { CreditRepository } from '../../persistence/credit.repository';
import { DefaultOfLoan } from '../default-of-loan';
import { closeDefault, correlationIdOf, lockOwnLoan, publishLoanEvent } from '../loan-access';

/** A cured default as the API answers it. */
export class CureResult extends DefaultOfLoan {
  @ApiProperty({ enum: ['CURED'], example: 'CURED' })
  readonly status!: 'CURED';

  @ApiProperty({ enum: ['REGISTERED'], example: 'REGISTERED' })
  readonly loanStatus!: 'REGISTERED';

  @ApiFen({ example: '600000000', description: 'The outstanding the loan returns with' })
  readonly outstandingFen!: string;

  @ApiDate({ example: '2026-03-10' })
  readonly curedOn!: string;
}

/**
 * docs/domain.md §4.4: before payout (no approval or denial seen), the loan returns to REGISTERED with
 * the outstanding it had; pool-allocation withdraws the claim on the event.
 */
@Injectable()
export class CureDefaultHandler {
  constructor(private readonly repository: CreditRepository) {}

  async cure(identity: Identity, loanId: string, uow: UnitOfWork): Promise<CureResult> {
    const loan = await lockOwnLoan(this.repository, uow, identity, loanId);
    const open = await this.repository.openEpisode(uow.manager, loanId);
    if (open === undefined)
      throw Problems.conflict(CreditCodes.noOpenDefault, `Loan ${loanId} has no open default.`);
    if (open.claimStatus === 'APPROVED')
      throw Problems.conflict(
        CreditCodes.cureAfterPayout,
        `The claim on default ${open.defaultId} was approved (paid out): a cure is too late.`,
      );
    if (open.claimStatus === 'DENIED')
      throw Problems.conflict(
        CreditCodes.cureAfterDenial,
        `The claim on default ${open.defaultId} was denied: write the loan off or keep recovering.`,
      );
    const today = identity.businessDate;
    await closeDefault(this.repository, uow, open, { episode: 'CURED', loan: 'REGISTERED' }, today);
    publishLoanEvent(uow, Topics.defaultCured, loanId, correlationIdOf(identity), {
      defaultId: open.defaultId,
      loanId,
      bankId: loan.bankId,
      curedOn: today,
      outstandingFen: loan.outstandingFen.toString(),
    });
    return {
      defaultId: open.defaultId,
      loanId,
      status: 'CURED',
      loanStatus: 'REGISTERED',
      outstandingFen: loan.outstandingFen.toString(),
      curedOn: today,
    };
  }
}
