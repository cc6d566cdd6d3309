import { ApiProperty } from '@nestjs/swagger';
import { Injectable } from '@nestjs/common';
import { Identity, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ApiDate, Problems } from '@riskpool/service-kit';
import { CreditCodes } from '../../credit-problems';
import { CreditRepository } from '../../persistence/credit.repository';
import { DefaultOfLoan } from '../default-of-loan';
import { closeDefault, correlationIdOf, lockOwnLoan, publishLoanEvent } from '../loan-access';

/** A written-off loan as the API answers it. */
export class WriteOffResult extends DefaultOfLoan {
  @ApiProperty({ enum: ['WRITTEN_OFF'], example: 'WRITTEN_OFF' })
  readonly loanStatus!: 'WRITTEN_OFF';

  @ApiDate({ example: '2026-09-01' })
  readonly writtenOffOn!: string;
}

/** docs/domain.md §4.6: after payout (claim approved) or denial, the loan is WRITTEN_OFF. */
@Injectable()
export class WriteOffHandler {
  constructor(private readonly repository: CreditRepository) {}

  async writeOff(identity: Identity, loanId: string, uow: UnitOfWork): Promise<WriteOffResult> {
    const loan = await lockOwnLoan(this.repository, uow, identity, loanId);
    const open = await this.repository.openEpisode(uow.manager, loanId);
    if (open === undefined)
      throw Problems.conflict(
        CreditCodes.noOpenDefault,
        `Loan ${loanId} is ${loan.status} and has no open default to write off.`,
      );
    if (open.claimStatus === 'NONE')
      throw Problems.conflict(
        CreditCodes.writeOffBeforeDecision,
        `The claim on default ${open.defaultId} is neither paid out nor denied yet.`,
      );
    const today = identity.businessDate;
    await closeDefault(
      this.repository,
      uow,
      open,
      { episode: 'WRITTEN_OFF', loan: 'WRITTEN_OFF' },
      today,
    );
    publishLoanEvent(uow, Topics.loanWrittenOff, loanId, correlationIdOf(identity), {
      loanId,
      bankId: loan.bankId,
      defaultId: open.defaultId,
      writtenOffOn: today,
    });
    return { defaultId: open.defaultId, loanId, loanStatus: 'WRITTEN_OFF', writtenOffOn: today };
  }
}
