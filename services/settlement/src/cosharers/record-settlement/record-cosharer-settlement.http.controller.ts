import { Body, Controller, Inject, Post } from '@nestjs/common';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  PublicRoute,
} from '@riskpool/service-kit';
import { RecordCosharerSettlementDto } from './record-cosharer-settlement.dto';
import {
  CosharerSettlementAnswer,
  RecordCosharerSettlementHandler,
} from './record-cosharer-settlement.handler';

/** `POST /cosharer-settlements`: money paid between a claim's lender and one of its co-sharers. */
@Controller('cosharer-settlements')
export class RecordCosharerSettlementController {
  constructor(
    @Inject(RecordCosharerSettlementHandler)
    private readonly handler: RecordCosharerSettlementHandler,
  ) {}

  @Post()
  @PublicRoute('POST /cosharer-settlements')
  @IdempotentWrite()
  record(
    @Body() body: RecordCosharerSettlementDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<CosharerSettlementAnswer> {
    return this.handler.handle(currentUnitOfWork(), identity, body);
  }
}
