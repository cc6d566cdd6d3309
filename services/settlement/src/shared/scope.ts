import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@riskpool/service-kit';

/** The query of a list read in that scope: a page, narrowed to a bank, a fund or a claim. */
export class ScopedQuery extends PageQuery {
  @ApiPropertyOptional({
    maxLength: 64,
    description: 'Only this bank’s; a bank naming another bank is 404',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  bankId?: string;

  @ApiPropertyOptional({
    maxLength: 64,
    description: 'Only this fund’s; a fund manager naming another fund is 404',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  fundId?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'Only this claim’s' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  claimId?: string;
}

/** A list's `state`: `open` (the default) only what has something outstanding, `all` every row. */
export const IsOpenOrAll = () =>
  applyDecorators(
    ApiPropertyOptional({
      enum: ['open', 'all'],
      default: 'open',
      description: '`open`: only what has something outstanding; `all`: every one',
    }),
    IsOptional(),
    IsIn(['open', 'all']),
  );
