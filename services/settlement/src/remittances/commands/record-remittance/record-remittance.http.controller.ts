import { Body, Controller, Inject, Post } from '@nestjs/common';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  PublicRoute,
} from '@riskpool/service-kit';
import { RecordRemittanceDto } from './record-remittance.dto';
import { RecordRemittanceHandler, RemittanceAnswer } from './record-remittance.handler';

/** `POST /remittances`: a bank reports money remitted to a fund (its own bank only). */
@Controller('remittances')
export class RecordRemittanceController {
  constructor(@Inject(RecordRemittanceHandler) private readonly handler: RecordRemittanceHandler) {}

  @Post()
  @PublicRoute('POST /remittances')
  @IdempotentWrite()
  record(
    @Body() body: RecordRemittanceDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<RemittanceAnswer> {
    return this.handler.handle(currentUnitOfWork(), identity, body);
  }
}
