import { Body, Controller } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, PublicWrite } from '@riskpool/service-kit';
import { writeContextOf } from '../../../shared/pool-context';
import { FundView } from '../../fund-views';
import { CreateFundHandler } from './create-fund.handler';

/** The kind (CITY, TOWN, OTHER) and town code follow from the fundId. */
export class CreateFundDto {
  @ApiProperty({
    pattern: '^(CITY|TOWN:[A-Z0-9_]{1,32}|(?!TOWN$)[A-Z][A-Z0-9_]{0,31})$',
    example: 'TOWN:TORCH',
    description: '`CITY`, `TOWN:<code>` or another fund code (A-Z, 0-9, _)',
  })
  @Matches(/^(CITY|TOWN:[A-Z0-9_]{1,32}|(?!TOWN$)[A-Z][A-Z0-9_]{0,31})$/, {
    message: 'fundId must be CITY, TOWN:<code> or a fund code (A-Z, 0-9, _)',
  })
  fundId!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Torch zone fund' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

@ApiTags('admin')
@Controller()
export class CreateFundController {
  constructor(private readonly handler: CreateFundHandler) {}

  @PublicWrite(
    'POST /admin/funds',
    {
      operationId: 'createFund',
      summary: 'Create a fund (emits pool.fund-created.v1)',
      description: 'A fund-manager key can be made for the fund as soon as this answers.',
    },
    { created: { type: FundView, description: 'The fund' } },
  )
  async create(
    @Body() body: CreateFundDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<FundView> {
    const ctx = writeContextOf(identity);
    return this.handler.execute(ctx, { fundId: body.fundId, name: body.name });
  }
}
