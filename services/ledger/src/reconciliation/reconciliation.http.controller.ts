import { Controller, Get, Inject } from '@nestjs/common';
import { AllowRoles } from '@riskpool/service-kit';
import { ReconciliationReport, ReconciliationService } from './reconciliation.service';

/** `GET /ledger/reconciliation`: runs the reconciliation check now (regulator, admin). */
@Controller('ledger')
export class ReconciliationHttpController {
  constructor(
    @Inject(ReconciliationService) private readonly reconciliation: ReconciliationService,
  ) {}

  @Get('reconciliation')
  @AllowRoles('regulator', 'admin')
  run(): Promise<ReconciliationReport> {
    return this.reconciliation.run();
  }
}
