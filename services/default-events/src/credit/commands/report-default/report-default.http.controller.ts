import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { Response } from 'express';
import { Identity } from '@riskpool/contracts';
import { isBusinessDate } from '@riskpool/domain';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  IsFen,
  PublicRoute,
} from '@riskpool/service-kit';
import { DefaultView, defaultView, ReportDefaultHandler } from './report-default.handler';

export function IsBusinessDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isBusinessDate',
    validator: {
      validate: (value: unknown) => isBusinessDate(value),
      defaultMessage: () => '$property must be a calendar date YYYY-MM-DD',
    },
  });
}

export class ReportDefaultDto {
  @IsFen({ positive: true })
  outstandingAtDefaultFen!: string;

  @IsInt()
  @Min(0)
  @Max(100000)
  daysPastDue!: number;

  /** The day the loan reached the policy's minDaysPastDue. */
  @IsBusinessDate()
  reachedMinDaysPastDueOn!: string;

  /** docs/domain.md §8.3: counted only when the loan's policy counts the net loss. */
  @IsOptional()
  @IsFen()
  accruedInterestFen?: string;

  @IsOptional()
  @IsFen()
  costsFen?: string;
}

@Controller('loans')
export class ReportDefaultHttpController {
  constructor(private readonly handler: ReportDefaultHandler) {}

  /** 201 with the new default; 200 with the first result when the same report is repeated. */
  @Post(':loanId/defaults')
  @PublicRoute('POST /loans/{loanId}/defaults')
  @IdempotentWrite()
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
