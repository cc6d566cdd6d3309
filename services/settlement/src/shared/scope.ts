import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { PageQuery, Problems } from '@riskpool/service-kit';

export interface ReadScope {
  readonly bankId?: string;
  readonly fundId?: string;
}

/**
 * What a caller may read: a bank only its own rows, a fund manager only its fund's, a regulator
 * (and admin) everything. A filter naming another bank or fund answers 404, as if it did not exist
 * (a cross-scope read never confirms what exists), never silently widened.
 */
export function readScopeOf(
  identity: Identity,
  requested: { bankId?: string | undefined; fundId?: string | undefined },
): ReadScope {
  const own = identity.scope ?? '';
  if (identity.role === 'bank') {
    if (requested.bankId !== undefined && requested.bankId !== own)
      throw Problems.notFound(`bank ${requested.bankId}`);
    return { bankId: own, ...(requested.fundId !== undefined ? { fundId: requested.fundId } : {}) };
  }
  if (identity.role === 'fund-manager') {
    if (requested.fundId !== undefined && requested.fundId !== own)
      throw Problems.notFound(`fund ${requested.fundId}`);
    return { fundId: own, ...(requested.bankId !== undefined ? { bankId: requested.bankId } : {}) };
  }
  return {
    ...(requested.bankId !== undefined ? { bankId: requested.bankId } : {}),
    ...(requested.fundId !== undefined ? { fundId: requested.fundId } : {}),
  };
}

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
