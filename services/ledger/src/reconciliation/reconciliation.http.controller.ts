import { Controller, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiRefusals, ProblemException, PublicRoute } from '@riskpool/service-kit';
import {
  ReconciliationReport,
  ReconciliationService,
  SourceUnavailableError,
} from './reconciliation.service';
import { ReconciliationReportView } from './reconciliation-view';

/** `GET /ledger/reconciliation`: runs the reconciliation check now (regulator, admin). */
@ApiTags('ledger')
@Controller()
export class ReconciliationHttpController {
  constructor(
    @Inject(ReconciliationService) private readonly reconciliation: ReconciliationService,
  ) {}

  @PublicRoute('GET /ledger/reconciliation')
  @ApiOperation({
    operationId: 'reconcileLedger',
    summary:
      "Runs the reconciliation now: the ledger's totals per fund and per bank against pool-allocation's, settlement's and subsidy's",
    description:
      'Each difference still there after a short wait is listed and raised as ledger.reconciliation-alert.v1. A source that cannot be read is 503 (nothing compared).',
  })
  @ApiOkResponse({ type: ReconciliationReportView, description: 'The check' })
  @ApiRefusals(503)
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
