import { Body, Controller, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, PublicWrite } from '@riskpool/service-kit';
import { RecordedRemittanceView } from '../../remittance.views';
import { RecordRemittanceDto } from './record-remittance.dto';
import { RecordRemittanceHandler, RemittanceAnswer } from './record-remittance.handler';

/** `POST /remittances`: a bank reports money remitted to a fund (its own bank only). */
@ApiTags('settlement')
@Controller()
export class RecordRemittanceController {
  constructor(@Inject(RecordRemittanceHandler) private readonly handler: RecordRemittanceHandler) {}

  @PublicWrite(
    'POST /remittances',
    {
      operationId: 'reportRemittance',
      summary: 'Report a remittance of the funds’ shares of a recovery (bank)',
      description:
        'Matched to what the bank owes the fund, oldest due first (or only the named claim’s); what is more than owed is recorded as overpaid (`overpaidFen`). A claim on which nothing was ever owed is 422 naming `claimId`.',
    },
    {
      created: {
        type: RecordedRemittanceView,
        description: 'The remittance, matched to what is owed',
      },
    },
    422,
  )
  record(
    @Body() body: RecordRemittanceDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RemittanceAnswer> {
    return this.handler.handle(currentUnitOfWork(), identity, body);
  }
}
