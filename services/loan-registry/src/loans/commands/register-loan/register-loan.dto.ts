import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  CO_SHARER_KINDS,
  isBusinessDate,
  LOAN_FLAG_CODES,
  QUALIFICATION_CODES,
  validateUscc,
} from '@riskpool/domain';
import { IsFen } from '@riskpool/service-kit';

/** A real calendar date `YYYY-MM-DD`. */
export function IsBusinessDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isBusinessDate',
    validator: {
      validate: (value: unknown) => isBusinessDate(value),
      defaultMessage: () => '$property must be a calendar date YYYY-MM-DD',
    },
  });
}

/** An 18-character Unified Social Credit Code whose check character is right (GB 32100-2015). */
export function IsUscc(): PropertyDecorator {
  return ValidateBy({
    name: 'isUscc',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && validateUscc(value).ok,
      defaultMessage: () =>
        '$property must be a valid 18-character USCC (alphabet and check character)',
    },
  });
}

export class EnterpriseDto {
  @IsUscc()
  uscc!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @Matches(/^[A-Z0-9_]{1,32}$/, { message: '$property must be an upper-case town code' })
  townCode!: string;

  /** Unknown or repeated codes are invalid input (400), not an ineligible loan. */
  @IsArray()
  @ArrayMaxSize(QUALIFICATION_CODES.length)
  @ArrayUnique()
  @IsIn(QUALIFICATION_CODES, { each: true })
  qualifications!: string[];
}

/** docs/domain.md §8.4: a party admitted by admin that bears a share of each claim's basis. */
export class CoSharerDto {
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, {
    message: '$property must be an admitted party id (A-Z, 0-9, _ and -)',
  })
  partyId!: string;

  @IsIn(CO_SHARER_KINDS)
  kind!: string;

  @IsInt()
  @Min(1)
  @Max(10000)
  shareBp!: number;
}

export class RegisterLoanDto {
  /** The bank's own reference: unique per bank; reused with other content is 409. */
  @Matches(/^[A-Za-z0-9._:/-]{1,64}$/, {
    message: '$property must be 1-64 characters of A-Z a-z 0-9 . _ : / -',
  })
  bankReference!: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => EnterpriseDto)
  enterprise!: EnterpriseDto;

  @IsFen({ positive: true })
  principalFen!: string;

  @IsInt()
  @Min(0)
  @Max(100000)
  annualRateBp!: number;

  @IsBusinessDate()
  disbursementDate!: string;

  @IsBusinessDate()
  maturityDate!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LOAN_FLAG_CODES.length)
  @ArrayUnique()
  @IsIn(LOAN_FLAG_CODES, { each: true })
  flags?: string[];

  /** In order: the last named is cut back first when the lender's minimum share needs it. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CoSharerDto)
  coSharers?: CoSharerDto[];
}
