import { Body, Controller, Param, Post } from '@nestjs/common';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
  PublicRoute,
} from '@riskpool/service-kit';
import { CureDefaultHandler, CureResult } from './cure-default/cure-default.handler';
import { NoteDto } from './note.dto';
import { RecoveryResult, ReportRecoveryHandler } from './report-recovery/report-recovery.handler';
import { WriteOffHandler, WriteOffResult } from './write-off/write-off.handler';

export class ReportRecoveryDto {
  @IsFen({ positive: true })
  amountFen!: string;

  /** Collection costs; the net recovery is amount − costs, never below 0. */
  @IsFen()
  costsFen!: string;
}

/** HTTP adapters of cure, recovery and write-off (the default report has its own). */
@Controller('loans')
export class CreditCommandsHttpController {
  constructor(
    private readonly cures: CureDefaultHandler,
    private readonly recoveries: ReportRecoveryHandler,
    private readonly writeOffs: WriteOffHandler,
  ) {}

  @Post(':loanId/cures')
  @PublicRoute('POST /loans/{loanId}/cures')
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
  @IdempotentWrite()
  writeOff(
    @Param('loanId') loanId: string,
    @Body() _body: NoteDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<WriteOffResult> {
    return this.writeOffs.writeOff(identity, loanId, currentUnitOfWork());
  }
}
