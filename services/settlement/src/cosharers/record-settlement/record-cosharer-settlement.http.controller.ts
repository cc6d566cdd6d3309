import { Body, Controller, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, PublicWrite } from '@riskpool/service-kit';
import { CosharerSettlementView } from '../cosharer.views';
import { RecordCosharerSettlementDto } from './record-cosharer-settlement.dto';
import {
  CosharerSettlementAnswer,
  RecordCosharerSettlementHandler,
} from './record-cosharer-settlement.handler';

/** `POST /cosharer-settlements`: money paid between a claim's lender and one of its co-sharers. */
@ApiTags('settlement')
@Controller()
export class RecordCosharerSettlementController {
  constructor(
    @Inject(RecordCosharerSettlementHandler)
    private readonly handler: RecordCosharerSettlementHandler,
  ) {}

  @PublicWrite(
    'POST /cosharer-settlements',
    {
      operationId: 'reportCosharerSettlement',
      summary:
        'Report money paid between a claim’s lender and a co-sharer (the bank, or the co-sharer for itself)',
      description:
        'docs/domain.md §8.4: the co-sharer’s share of the loss (payer COSHARER) or its part of a recovery after payout (payer LENDER), matched to what the payer owes on the claim, oldest due first. More than is outstanding is refused whole (422 naming `amountFen`); the two debts are never netted.',
    },
    {
      created: {
        type: CosharerSettlementView,
        description: 'The settlement, matched to what the payer owes on the claim',
      },
    },
    422,
  )
  record(
    @Body() body: RecordCosharerSettlementDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<CosharerSettlementAnswer> {
    return this.handler.handle(currentUnitOfWork(), identity, body);
  }
}
