import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { IsString, Length } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, IdempotentWrite } from '@riskpool/service-kit';
import { BankView } from '../../persistence/bank.repository';
import { ChangeBankStatusHandler } from './change-bank-status.handler';
import { GatewayRoute } from '../../deps';

export class BankStatusDto {
  @IsString()
  @Length(1, 500)
  reason!: string;
}

@Controller('api/v1/admin/banks')
export class ChangeBankStatusHttpController {
  constructor(private readonly handler: ChangeBankStatusHandler) {}

  @Post(':bankId/suspend')
  @HttpCode(200)
  @GatewayRoute()
  @IdempotentWrite()
  async suspend(
    @Param('bankId') bankId: string,
    @Body() body: BankStatusDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<BankView> {
    return this.handler.execute('suspend', bankId, body.reason, identity, currentUnitOfWork());
  }

  @Post(':bankId/reinstate')
  @HttpCode(200)
  @GatewayRoute()
  @IdempotentWrite()
  async reinstate(
    @Param('bankId') bankId: string,
    @Body() body: BankStatusDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<BankView> {
    return this.handler.execute('reinstate', bankId, body.reason, identity, currentUnitOfWork());
  }
}
