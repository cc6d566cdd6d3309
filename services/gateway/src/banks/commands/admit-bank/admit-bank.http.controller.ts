import { Body, Controller } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import {
  ApiFen,
  CurrentIdentity,
  currentUnitOfWork,
  IsFen,
  PublicWrite,
} from '@riskpool/service-kit';
import {
  BankView,
  INSTITUTION_KIND_DOC,
  INSTITUTION_KINDS,
  InstitutionKind,
} from '../../bank.view';
import { AdmitBankHandler } from './admit-bank.handler';
import { GatewayRoute } from '../../deps';

export class AdmitBankDto {
  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{1,64}$', example: 'ZSBANK' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: '$property must be 1-64 letters, digits, _ or -' })
  bankId!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Zhongshan Rural Commercial Bank' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiFen({ example: '50000000000', description: 'The quota of loans it may register (fen)' })
  @IsFen()
  quotaFen!: string;

  /** docs/domain.md §8.1: BANK (the default), MICROLOAN or LEASING. */
  @ApiProperty({
    enum: INSTITUTION_KINDS,
    enumName: 'InstitutionKind',
    required: false,
    default: 'BANK',
    description: INSTITUTION_KIND_DOC,
  })
  @IsOptional()
  @IsIn(INSTITUTION_KINDS)
  kind?: InstitutionKind;
}

@ApiTags('admin')
@Controller()
export class AdmitBankHttpController {
  constructor(private readonly handler: AdmitBankHandler) {}

  @PublicWrite(
    GatewayRoute('POST /admin/banks'),
    {
      operationId: 'admitBank',
      summary:
        'Admit a partner bank, micro-loan or finance-lease company with a quota (emits pool.bank-admitted.v1)',
    },
    { created: { type: BankView, description: 'The admitted bank' } },
  )
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
