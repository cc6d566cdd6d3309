import { Controller, Get, Inject } from '@nestjs/common';
import { ProblemException, PublicRoute } from '@riskpool/service-kit';
import {
  ReconciliationReport,
  ReconciliationService,
  SourceUnavailableError,
} from './reconciliation.service';

/** `GET /ledger/reconciliation`: runs the reconciliation check now (regulator, admin). */
@Controller('ledger')
export class ReconciliationHttpController {
  constructor(
    @Inject(ReconciliationService) private readonly reconciliation: ReconciliationService,
  ) {}

  @Get('reconciliation')
  @PublicRoute('GET /ledger/reconciliation')
  async run(): Promise<ReconciliationReport> {
    try {
      return await this.reconciliation.run();
    } catch (error) {
      if (error instanceof SourceUnavailableError)
        throw new ProblemException(
          503,
          'RECONCILIATION.SOURCE_UNAVAILABLE',
          'A source of the reconciliation cannot be read',
          error.message,
        );
      throw error;
    }
  }
}
