import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { ApiFen, CurrentIdentity, IsFen, PublicWrite } from '@riskpool/service-kit';
import { writeContextOf } from '../../../shared/pool-context';
import { DepositView } from '../../fund-views';
import { DepositHandler } from './deposit.handler';

export class DepositDto {
  @ApiFen({ example: '2000000000', description: 'More than 0 fen' })
  @IsFen({ positive: true })
  amountFen!: string;

  @ApiProperty({ required: false, maxLength: 200, example: 'budget 2026' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

@ApiTags('funds')
@Controller()
export class DepositController {
  constructor(private readonly handler: DepositHandler) {}

  @PublicWrite(
    'POST /funds/{fundId}/deposits',
    {
      operationId: 'depositToFund',
      summary: 'Deposit public money into one’s own fund',
      description:
        'The money fills the fund’s queue first, oldest part first (each fill a hold); the rest is available. A manager of another fund is refused (403).',
    },
    { created: { type: DepositView, description: 'The deposit' } },
  )
  async deposit(
    @Param('fundId') fundId: string,
    @Body() body: DepositDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<DepositView> {
    const ctx = writeContextOf(identity);
    return this.handler.execute(ctx, {
      fundId,
      managerFundId: identity.scope,
      amountFen: BigInt(body.amountFen),
      ...(body.reference !== undefined ? { reference: body.reference } : {}),
    });
  }
}
