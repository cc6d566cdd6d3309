import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiDate, ApiFen, IsBusinessDate, IsFen } from '@riskpool/service-kit';

/** One interest report (docs/domain.md §9.2); the period is `[periodStart, periodEnd)`. */
export class InterestReportDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 128,
    example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10',
    description: 'A loan of the calling bank',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  loanId!: string;

  @ApiDate({ example: '2026-01-01', description: 'The first day of the period' })
  @IsBusinessDate()
  periodStart!: string;

  /** Exclusive: a quarter is 2026-01-01 .. 2026-04-01. */
  @ApiDate({
    example: '2026-04-01',
    description:
      'Exclusive: the period is [periodStart, periodEnd), a quarter 2026-01-01 .. 2026-04-01',
  })
  @IsBusinessDate()
  periodEnd!: string;

  /** Checked by the rules (more than zero), so a zero is refused naming this field. */
  @ApiFen({ example: '11835616', description: 'The interest the enterprise paid (fen, > 0)' })
  @IsFen()
  interestPaidFen!: string;

  @ApiFen({ example: '800000000', description: 'The loan outstanding at periodStart (fen)' })
  @IsFen()
  outstandingAtStartFen!: string;

  @ApiProperty({ pattern: '^[0-9]{10,32}$', example: '6222020200112233' })
  @IsString()
  @Matches(/^[0-9]{10,32}$/, { message: 'payeeAccountNo must be 10 to 32 digits' })
  payeeAccountNo!: string;

  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Xiaolan Optics Co., Ltd.' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  payeeAccountName!: string;

  /** Optional: the open round the bank means the report for; a closed one is refused. */
  @ApiPropertyOptional({
    maxLength: 128,
    description: 'Optional: the open round the report is meant for; a closed one is refused (409)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  roundId?: string;
}
