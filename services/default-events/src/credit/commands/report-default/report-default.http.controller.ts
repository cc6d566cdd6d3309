import { Body, Controller, Param, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Response } from 'express';
import { Identity } from '@riskpool/contracts';
import {
  ApiDate,
  ApiFen,
  CurrentIdentity,
  currentUnitOfWork,
  IsBusinessDate,
  IsFen,
  PublicWrite,
} from '@riskpool/service-kit';
import { DefaultView, defaultView, ReportDefaultHandler } from './report-default.handler';

export class ReportDefaultDto {
  @IsFen({ positive: true })
  @ApiFen({
    example: '600000000',
    description: 'Outstanding principal on the day of default (fen)',
  })
  outstandingAtDefaultFen!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100000, example: 95 })
  @IsInt()
  @Min(0)
  @Max(100000)
  daysPastDue!: number;

  /** The day the loan reached the policy's minDaysPastDue. */
  @ApiDate({
    example: '2026-02-20',
    description: "The day the loan reached the policy's minDaysPastDue",
  })
  @IsBusinessDate()
  reachedMinDaysPastDueOn!: string;

  /** docs/domain.md §8.3: counted only when the loan's policy counts the net loss. */
  @ApiFen({ required: false, example: '0', description: 'Accrued interest (docs/domain.md §8.3)' })
  @IsOptional()
  @IsFen()
  accruedInterestFen?: string;

  @ApiFen({ required: false, example: '0', description: 'Collection costs (docs/domain.md §8.3)' })
  @IsOptional()
  @IsFen()
  costsFen?: string;
}

@ApiTags('credit events')
@Controller()
export class ReportDefaultHttpController {
  constructor(private readonly handler: ReportDefaultHandler) {}

  /** 201 with the new default; 200 with the first result when the same report is repeated. */
  @PublicWrite(
    'POST /loans/{loanId}/defaults',
    { operationId: 'reportDefault', summary: 'Report a default (opens a claim)' },
    {
      created: { type: DefaultView, description: 'The default recorded' },
      ok: { type: DefaultView, description: 'The same report again: the first answer' },
    },
    422,
  )
  async report(
    @Param('loanId') loanId: string,
    @Body() body: ReportDefaultDto,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DefaultView> {
    const result = await this.handler.report(identity, loanId, body, currentUnitOfWork());
    if (result.repeated) response.status(200);
    return defaultView(result.episode);
  }
}
