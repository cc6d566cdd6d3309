import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Identity } from '@riskpool/contracts';
import {
  ApiFen,
  CurrentIdentity,
  currentUnitOfWork,
  IsFen,
  PublicWrite,
} from '@riskpool/service-kit';
import {
  CloseRecoveryHandler,
  RecoveryClosedResult,
} from './close-recovery/close-recovery.handler';
import { CureDefaultHandler, CureResult } from './cure-default/cure-default.handler';
import { NoteDto } from './note.dto';
import { RecoveryResult, ReportRecoveryHandler } from './report-recovery/report-recovery.handler';
import { WriteOffHandler, WriteOffResult } from './write-off/write-off.handler';

export class ReportRecoveryDto {
  @IsFen({ positive: true })
  @ApiFen({ example: '100000000', description: 'Amount recovered (fen)' })
  amountFen!: string;

  /** Collection costs; the net recovery is amount − costs, never below 0. */
  @IsFen()
  @ApiFen({ example: '5000000', description: 'Collection costs (fen)' })
  costsFen!: string;
}

/** HTTP adapters of cure, recovery, write-off and recovery-closed (the default report has its own). */
@ApiTags('credit events')
@Controller()
export class CreditCommandsHttpController {
  constructor(
    private readonly cures: CureDefaultHandler,
    private readonly recoveries: ReportRecoveryHandler,
    private readonly writeOffs: WriteOffHandler,
    private readonly recoveryClosings: CloseRecoveryHandler,
  ) {}

  @PublicWrite(
    'POST /loans/{loanId}/cures',
    { operationId: 'reportCure', summary: 'Report a cure before payout' },
    { created: { type: CureResult, description: 'The default cured' } },
    422,
  )
  cure(
    @Param('loanId') loanId: string,
    @Body() _body: NoteDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<CureResult> {
    return this.cures.cure(identity, loanId, currentUnitOfWork());
  }

  @PublicWrite(
    'POST /loans/{loanId}/recoveries',
    { operationId: 'reportRecovery', summary: 'Report a recovery and its costs' },
    { created: { type: RecoveryResult, description: 'The recovery recorded' } },
    422,
  )
  recover(
    @Param('loanId') loanId: string,
    @Body() body: ReportRecoveryDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RecoveryResult> {
    return this.recoveries.report(identity, loanId, body, currentUnitOfWork());
  }

  @PublicWrite(
    'POST /loans/{loanId}/write-off',
    {
      operationId: 'writeOffLoan',
      summary: 'Write a loan off after payout or denial',
    },
    { created: { type: WriteOffResult, description: 'The loan written off' } },
    422,
  )
  writeOff(
    @Param('loanId') loanId: string,
    @Body() _body: NoteDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<WriteOffResult> {
    return this.writeOffs.writeOff(identity, loanId, currentUnitOfWork());
  }

  @PublicWrite(
    'POST /loans/{loanId}/recovery-closed',
    {
      operationId: 'closeRecovery',
      summary: 'Declare recovery finished on an AFTER_RECOVERY default: its claim opens',
      description:
        'docs/domain.md §8.5. The claim opens on the basis left after the net recoveries reported so far. 400 NOT_AFTER_RECOVERY on `loanId` when the loan’s policy compensates in advance; 409 NOT_AWAITING_RECOVERY_CLOSE when the loan has no open default, or its recovery was declared finished already.',
    },
    { created: { type: RecoveryClosedResult, description: 'Recovery declared finished' } },
    409,
  )
  closeRecovery(
    @Param('loanId') loanId: string,
    @Body() _body: NoteDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RecoveryClosedResult> {
    return this.recoveryClosings.close(identity, loanId, currentUnitOfWork());
  }
}
