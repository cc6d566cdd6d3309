import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { Matches } from 'class-validator';
import { AllowRoles, currentUnitOfWork, IdempotentWrite } from '@riskpool/service-kit';
import { CheckOverdueHandler, CosharerOverdueRaised, OverdueRaised } from './check-overdue.handler';

class CheckOverdueDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'businessDate must be a date YYYY-MM-DD' })
  businessDate!: string;
}

/**
 * `POST /internal/overdue-check` (admin): checks owed recovery amounts and co-sharer obligations
 * against a business date
 * and raises what is overdue (each amount once). The date also counts as a business date seen.
 */
@Controller('internal/overdue-check')
export class CheckOverdueController {
  constructor(@Inject(CheckOverdueHandler) private readonly handler: CheckOverdueHandler) {}

  @Post()
  @HttpCode(200)
  @AllowRoles('admin')
  @IdempotentWrite()
  async check(@Body() body: CheckOverdueDto): Promise<{
    businessDate: string;
    raised: OverdueRaised[];
    cosharerRaised: CosharerOverdueRaised[];
  }> {
    const { raised, cosharerRaised } = await this.handler.handle(
      currentUnitOfWork(),
      body.businessDate,
    );
    return { businessDate: body.businessDate, raised, cosharerRaised };
  }
}
