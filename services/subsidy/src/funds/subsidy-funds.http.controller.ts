import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  ApiFen,
  CurrentIdentity,
  currentUnitOfWork,
  IsFen,
  PublicRead,
  PublicWrite,
  readScopeOf,
} from '@riskpool/service-kit';
import { SubsidyRepository } from '../persistence/subsidy.repository';
import { subsidyContext } from '../subsidy-context';
import { SubsidyDepositView, SubsidyFundListView, SubsidyFundView } from './subsidy-fund-view';
import { fundView, SubsidyFundsHandler } from './subsidy-funds.handler';

export class CreateSubsidyFundDto {
  @ApiProperty({
    maxLength: 48,
    pattern: '^SUBSIDY:(CITY|TOWN:[A-Z0-9_]{1,32})$',
    example: 'SUBSIDY:TOWN:XIAOLAN',
    description: 'SUBSIDY:CITY or SUBSIDY:TOWN:<town code>',
  })
  @IsString()
  @MaxLength(48)
  fundId!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Xiaolan interest subsidy fund' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

export class SubsidyDepositDto {
  @ApiFen({ example: '3000000', description: 'More than zero (fen)' })
  @IsFen({ positive: true })
  amountFen!: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Xiaolan budget 2026 Q1' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

@ApiTags('interest subsidy')
@Controller()
export class SubsidyFundsHttpController {
  constructor(
    private readonly handler: SubsidyFundsHandler,
    private readonly repository: SubsidyRepository,
    private readonly dataSource: DataSource,
  ) {}

  @PublicWrite(
    'POST /admin/subsidy-funds',
    {
      operationId: 'createSubsidyFund',
      summary: 'Create an interest subsidy fund, SUBSIDY:CITY or SUBSIDY:TOWN:<code> (admin)',
      description: 'The fund starts empty; its managers fill it. A fund id taken is 409.',
    },
    { created: { type: SubsidyFundView, description: 'The fund' } },
  )
  async create(
    @Body() body: CreateSubsidyFundDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubsidyFundView> {
    return this.handler.create(subsidyContext(currentUnitOfWork(), identity), body);
  }

  @PublicWrite(
    'POST /subsidy/funds/{fundId}/deposits',
    {
      operationId: 'depositSubsidyFund',
      summary: "Deposit into the manager's own subsidy fund",
      description: 'Another fund is refused (403 naming fundId).',
    },
    { created: { type: SubsidyDepositView, description: 'The fund after the deposit' } },
  )
  async deposit(
    @Param('fundId') fundId: string,
    @Body() body: SubsidyDepositDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubsidyDepositView> {
    return this.handler.deposit(subsidyContext(currentUnitOfWork(), identity), {
      fundId,
      amountFen: BigInt(body.amountFen),
      ...(body.reference !== undefined ? { reference: body.reference } : {}),
    });
  }

  /** A fund manager sees their own fund; regulators and admins every subsidy fund. */
  @PublicRead(
    'GET /subsidy/funds',
    {
      operationId: 'listSubsidyFunds',
      summary: 'Subsidy funds with available, held and paid money (a manager sees its own)',
    },
    { type: SubsidyFundListView, description: 'The funds, in fund id order' },
  )
  async list(@CurrentIdentity() identity: Identity): Promise<SubsidyFundListView> {
    const { fundId } = readScopeOf(identity);
    const funds = await this.repository.listFunds(this.dataSource.manager, fundId);
    return { items: funds.map(fundView) };
  }
}
