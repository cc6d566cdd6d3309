import { Body, Controller, Post } from '@nestjs/common';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, IdempotentWrite, IsFen } from '@riskpool/service-kit';
import { BankView, InstitutionKind } from '../../persistence/bank.repository';
import { AdmitBankHandler } from './admit-bank.handler';
import { GatewayRoute } from '../../deps';

const INSTITUTION_KINDS: readonly InstitutionKind[] = ['BANK', 'MICROLOAN', 'LEASING'];

export class AdmitBankDto {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: '$property must be 1-64 letters, digits, _ or -' })
  bankId!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsFen()
  quotaFen!: string;

  /** docs/domain.md §8.1: BANK (the default), MICROLOAN or LEASING. */
  @IsOptional()
  @IsIn(INSTITUTION_KINDS)
  kind?: InstitutionKind;
}

@Controller('api/v1/admin/banks')
export class AdmitBankHttpController {
  constructor(private readonly handler: AdmitBankHandler) {}

  @Post()
  @GatewayRoute()
  @IdempotentWrite()
  async admit(
    @Body() body: AdmitBankDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<BankView> {
    return this.handler.execute(
      {
        bankId: body.bankId,
        name: body.name,
        quotaFen: body.quotaFen,
        kind: body.kind ?? 'BANK',
      },
      identity,
      currentUnitOfWork(),
    );
  }
}
