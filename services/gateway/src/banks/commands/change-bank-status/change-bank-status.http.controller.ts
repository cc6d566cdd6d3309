import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, IdempotentWrite } from '@riskpool/service-kit';
import { BankView } from '../../bank.view';
import { ChangeBankStatusHandler } from './change-bank-status.handler';
import { GatewayRoute } from '../../deps';

export class BankStatusDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'quarterly review pending' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

@ApiTags('admin')
@Controller('api/v1/admin/banks')
export class ChangeBankStatusHttpController {
  constructor(private readonly handler: ChangeBankStatusHandler) {}

  @Post(':bankId/suspend')
  @HttpCode(200)
  @GatewayRoute('POST /admin/banks/{bankId}/suspend')
  @ApiOperation({
    operationId: 'suspendBank',
    summary: 'Suspend a bank: no new registrations (emits pool.bank-suspended.v1)',
  })
  @ApiOkResponse({ type: BankView, description: 'The suspended bank' })
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
  @GatewayRoute('POST /admin/banks/{bankId}/reinstate')
  @ApiOperation({
    operationId: 'reinstateBank',
    summary:
      'Reinstate a suspended bank, also after the NPL breaker (emits pool.bank-reinstated.v1)',
  })
  @ApiOkResponse({ type: BankView, description: 'The active bank' })
  @IdempotentWrite()
  async reinstate(
    @Param('bankId') bankId: string,
    @Body() body: BankStatusDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<BankView> {
    return this.handler.execute('reinstate', bankId, body.reason, identity, currentUnitOfWork());
  }
}
