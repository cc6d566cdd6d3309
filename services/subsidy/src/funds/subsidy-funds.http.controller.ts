import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
  PublicRoute,
} from '@riskpool/service-kit';
import { SubsidyRepository } from '../persistence/subsidy.repository';
import { subsidyContext } from '../subsidy-context';
import { fundView, SubsidyFundsHandler, SubsidyFundView } from './subsidy-funds.handler';

export class CreateSubsidyFundDto {
  @IsString()
  @MaxLength(48)
  fundId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

export class SubsidyDepositDto {
  @IsFen({ positive: true })
  amountFen!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

@Controller('subsidy/funds')
export class SubsidyFundsHttpController {
  constructor(
    private readonly handler: SubsidyFundsHandler,
    private readonly repository: SubsidyRepository,
    private readonly dataSource: DataSource,
  ) {}

  @Post()
  @PublicRoute('POST /admin/subsidy-funds')
  @IdempotentWrite()
  async create(
    @Body() body: CreateSubsidyFundDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubsidyFundView> {
    return this.handler.create(subsidyContext(currentUnitOfWork(), identity), body);
  }

  @Post(':fundId/deposits')
  @PublicRoute('POST /subsidy/funds/{fundId}/deposits')
  @IdempotentWrite()
  async deposit(
    @Param('fundId') fundId: string,
    @Body() body: SubsidyDepositDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<SubsidyFundView & { depositId: string }> {
    return this.handler.deposit(subsidyContext(currentUnitOfWork(), identity), {
      fundId,
      amountFen: BigInt(body.amountFen),
      ...(body.reference !== undefined ? { reference: body.reference } : {}),
    });
  }

  /** A fund manager sees their own fund; regulators and admins every subsidy fund. */
  @Get()
  @PublicRoute('GET /subsidy/funds')
  async list(@CurrentIdentity() identity: Identity): Promise<{ items: SubsidyFundView[] }> {
    const funds = await this.repository.listFunds(
      this.dataSource.manager,
      identity.role === 'fund-manager' ? (identity.scope ?? '') : undefined,
    );
    return { items: funds.map(fundView) };
  }
}
