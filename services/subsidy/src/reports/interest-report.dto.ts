import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { isBusinessDate } from '@riskpool/domain';
import { IsFen } from '@riskpool/service-kit';

function IsBusinessDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isBusinessDate',
    validator: {
      validate: (value: unknown) => isBusinessDate(value),
      defaultMessage: () => '$property must be a calendar date YYYY-MM-DD',
    },
  });
}

/** One interest report (docs/domain.md §9.2); the period is `[periodStart, periodEnd)`. */
export class InterestReportDto {
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  loanId!: string;

  @IsBusinessDate()
  periodStart!: string;

  /** Exclusive: a quarter is 2026-01-01 .. 2026-04-01. */
  @IsBusinessDate()
  periodEnd!: string;

  /** Checked by the rules (more than zero), so a zero is refused naming this field. */
  @IsFen()
  interestPaidFen!: string;

  @IsFen()
  outstandingAtStartFen!: string;

  @IsString()
  @Matches(/^[0-9]{10,32}$/, { message: 'payeeAccountNo must be 10 to 32 digits' })
  payeeAccountNo!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(120)
  payeeAccountName!: string;

  /** Optional: the open round the bank means the report for; a closed one is refused. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  roundId?: string;
}
