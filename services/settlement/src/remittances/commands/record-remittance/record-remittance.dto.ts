import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsFen } from '@riskpool/service-kit';

export class RecordRemittanceDto {
  /** The fund the money was paid to. */
  @Matches(/^(CITY|TOWN:[A-Z0-9_]{1,32}|[A-Z][A-Z0-9_]{0,31})$/, {
    message: 'fundId must be CITY, TOWN:<code> or a fund code',
  })
  fundId!: string;

  @IsFen({ positive: true })
  amountFen!: string;

  /** Settle this claim's owed amounts only (otherwise the oldest first). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  claimId?: string;

  /** Optional; when given it must be the caller's own bank. */
  @IsOptional()
  @IsString()
  bankId?: string;
}
