import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, PublicWrite } from '@riskpool/service-kit';
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
@Controller()
export class ChangeBankStatusHttpController {
  constructor(private readonly handler: ChangeBankStatusHandler) {}

  @PublicWrite(
    GatewayRoute('POST /admin/banks/{bankId}/suspend'),
    {
      operationId: 'suspendBank',
      summary: 'Suspend a bank: no new registrations (emits pool.bank-suspended.v1)',
    },
    { ok: { type: BankView, description: 'The suspended bank' } },
  )
  async suspend(
    @Param('bankId') bankId: string,
    @Body() body: BankStatusDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<BankView> {
    return this.handler.execute('suspend', bankId, body.reason, identity, currentUnitOfWork());
  }

  @PublicWrite(
    GatewayRoute('POST /admin/banks/{bankId}/reinstate'),
    {
      operationId: 'reinstateBank',
      summary:
        'Reinstate a suspended bank, also after the NPL breaker (emits pool.bank-reinstated.v1)',
    },
    { ok: { type: BankView, description: 'The active bank' } },
  )
  async reinstate(
    @Param('bankId') bankId: string,
    @Body() body: BankStatusDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<BankView> {
    return this.handler.execute('reinstate', bankId, body.reason, identity, currentUnitOfWork());
  }
}
