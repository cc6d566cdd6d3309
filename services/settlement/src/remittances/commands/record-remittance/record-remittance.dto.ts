import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiFen, IsFen } from '@riskpool/service-kit';

export class RecordRemittanceDto {
  /** The fund the money was paid to. */
  @ApiProperty({
    pattern: '^(CITY|TOWN:[A-Z0-9_]{1,32}|[A-Z][A-Z0-9_]{0,31})$',
    example: 'CITY',
    description: 'The fund the bank paid back',
  })
  @Matches(/^(CITY|TOWN:[A-Z0-9_]{1,32}|[A-Z][A-Z0-9_]{0,31})$/, {
    message: 'fundId must be CITY, TOWN:<code> or a fund code',
  })
  fundId!: string;

  @ApiFen({ example: '19000000', description: 'The amount remitted (fen), above zero' })
  @IsFen({ positive: true })
  amountFen!: string;

  /** Settle this claim's owed amounts only (otherwise the oldest first). */
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 128,
    description: 'Settle this claim’s owed amounts only; without it the oldest due first',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  claimId?: string;

  /** Optional; when given it must be the caller's own bank. */
  @ApiPropertyOptional({ description: 'The caller’s own bank id (another bank’s is refused)' })
  @IsOptional()
  @IsString()
  bankId?: string;
}
