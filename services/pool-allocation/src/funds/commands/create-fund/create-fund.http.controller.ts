import { Body, Controller, Post } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Identity, principalOf } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  PublicRoute,
} from '@riskpool/service-kit';
import { httpContext } from '../kernel';
import { CreateFundHandler, FundView } from './create-fund.handler';

export class CreateFundDto {
  @Matches(/^(CITY|TOWN:[A-Z0-9_]{1,32}|(?!TOWN$)[A-Z][A-Z0-9_]{0,31})$/, {
    message: 'fundId must be CITY, TOWN:<code> or a fund code (A-Z, 0-9, _)',
  })
  fundId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

@Controller('funds')
export class CreateFundController {
  constructor(private readonly handler: CreateFundHandler) {}

  @Post()
  @PublicRoute('POST /admin/funds')
  @IdempotentWrite()
  async create(
    @Body() body: CreateFundDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<FundView> {
    const ctx = httpContext(currentUnitOfWork(), principalOf(identity), identity.businessDate);
    return this.handler.execute(ctx, { fundId: body.fundId, name: body.name });
  }
}
