import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Identity } from '@riskpool/contracts';
import {
  ApiFen,
  ApiRefusals,
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
  PublicRoute,
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
@Controller('loans')
export class CreditCommandsHttpController {
  constructor(
    private readonly cures: CureDefaultHandler,
    private readonly recoveries: ReportRecoveryHandler,
    private readonly writeOffs: WriteOffHandler,
    private readonly recoveryClosings: CloseRecoveryHandler,
  ) {}

  @Post(':loanId/cures')
  @PublicRoute('POST /loans/{loanId}/cures')
  @ApiOperation({ operationId: 'reportCure', summary: 'Report a cure before payout' })
  @ApiCreatedResponse({ type: CureResult, description: 'The default cured' })
  @ApiRefusals(422)
  @IdempotentWrite()
  cure(
    @Param('loanId') loanId: string,
    @Body() _body: NoteDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<CureResult> {
    return this.cures.cure(identity, loanId, currentUnitOfWork());
  }

  @Post(':loanId/recoveries')
  @PublicRoute('POST /loans/{loanId}/recoveries')
  @ApiOperation({ operationId: 'reportRecovery', summary: 'Report a recovery and its costs' })
  @ApiCreatedResponse({ type: RecoveryResult, description: 'The recovery recorded' })
  @ApiRefusals(422)
  @IdempotentWrite()
  recover(
    @Param('loanId') loanId: string,
    @Body() body: ReportRecoveryDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RecoveryResult> {
    return this.recoveries.report(identity, loanId, body, currentUnitOfWork());
  }

  @Post(':loanId/write-off')
  @PublicRoute('POST /loans/{loanId}/write-off')
  @ApiOperation({
    operationId: 'writeOffLoan',
    summary: 'Write a loan off after payout or denial',
  })
  @ApiCreatedResponse({ type: WriteOffResult, description: 'The loan written off' })
  @ApiRefusals(422)
  @IdempotentWrite()
  writeOff(
    @Param('loanId') loanId: string,
    @Body() _body: NoteDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<WriteOffResult> {
    return this.writeOffs.writeOff(identity, loanId, currentUnitOfWork());
  }

  @Post(':loanId/recovery-closed')
  @PublicRoute('POST /loans/{loanId}/recovery-closed')
  @ApiOperation({
    operationId: 'closeRecovery',
    summary: 'Declare recovery finished on an AFTER_RECOVERY default: its claim opens',
    description:
      'docs/domain.md §8.5. The claim opens on the basis left after the net recoveries reported so far. 400 NOT_AFTER_RECOVERY on `loanId` when the loan’s policy compensates in advance; 409 NOT_AWAITING_RECOVERY_CLOSE when the loan has no open default, or its recovery was declared finished already.',
  })
  @ApiCreatedResponse({ type: RecoveryClosedResult, description: 'Recovery declared finished' })
  @ApiRefusals(409)
  @IdempotentWrite()
  closeRecovery(
    @Param('loanId') loanId: string,
    @Body() _body: NoteDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RecoveryClosedResult> {
    return this.recoveryClosings.close(identity, loanId, currentUnitOfWork());
  }
}
