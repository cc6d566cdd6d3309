import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  LOAN_FLAG_CODES,
  QUALIFICATION_CODES,
  validateUscc,
} from '@riskpool/domain';
import { ApiDate, ApiFen, IsBusinessDate, IsFen } from '@riskpool/service-kit';

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
  @ApiProperty({
    pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
    example: '91442000MA4UJ1T176',
    description: 'Unified Social Credit Code (GB 32100-2015); its check character must be right',
  })
  @IsUscc()
  uscc!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Torch Photonics Co., Ltd.' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ pattern: '^[A-Z0-9_]{1,32}$', example: 'TORCH' })
  @Matches(/^[A-Z0-9_]{1,32}$/, { message: '$property must be an upper-case town code' })
  townCode!: string;

  /** Unknown or repeated codes are invalid input (400), not an ineligible loan. */
  @ApiProperty({
    enum: QUALIFICATION_CODES,
    isArray: true,
    uniqueItems: true,
    example: ['HNTE'],
    description:
      'The enterprise’s qualifications (docs/domain.md §3 `eligibleQualifications`); none is `[]`',
  })
  @IsArray()
  @ArrayMaxSize(QUALIFICATION_CODES.length)
  @ArrayUnique()
  @IsIn(QUALIFICATION_CODES, { each: true })
  qualifications!: string[];
}

/** docs/domain.md §8.4: a party admitted by admin that bears a share of each claim's basis. */
export class CoSharerDto {
  @ApiProperty({ pattern: '^[A-Z0-9][A-Z0-9_-]{0,63}$', example: 'G-ZSGUAR' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, {
    message: '$property must be an admitted party id (A-Z, 0-9, _ and -)',
  })
  partyId!: string;

  @ApiProperty({ enum: CO_SHARER_KINDS, example: 'GUARANTOR' })
  @IsIn(CO_SHARER_KINDS)
  kind!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10000, example: 2000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  shareBp!: number;
}

export class RegisterLoanDto {
  /** The bank's own reference: unique per bank; reused with other content is 409. */
  @ApiProperty({
    pattern: '^[A-Za-z0-9._:/-]{1,64}$',
    example: 'ZS-2026-0001',
    description:
      'The bank’s own reference, unique per bank: the same registration again answers the loan (200), other content under it is 409',
  })
  @Matches(/^[A-Za-z0-9._:/-]{1,64}$/, {
    message: '$property must be 1-64 characters of A-Z a-z 0-9 . _ : / -',
  })
  bankReference!: string;

  @ApiProperty({ type: EnterpriseDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => EnterpriseDto)
  enterprise!: EnterpriseDto;

  @ApiFen({ example: '800000000', description: 'The principal disbursed (fen), above zero' })
  @IsFen({ positive: true })
  principalFen!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 100000,
    example: 385,
    description: 'The annual interest rate (bp)',
  })
  @IsInt()
  @Min(0)
  @Max(100000)
  annualRateBp!: number;

  @ApiDate({ example: '2026-01-10' })
  @IsBusinessDate()
  disbursementDate!: string;

  @ApiDate({ example: '2029-01-10' })
  @IsBusinessDate()
  maturityDate!: string;

  @ApiPropertyOptional({
    enum: LOAN_FLAG_CODES,
    isArray: true,
    uniqueItems: true,
    example: ['IP_PLEDGE'],
    description:
      'Flags of the loan, e.g. `IP_PLEDGE` (an IP pledge: the policy’s `bonusBp`, docs/domain.md §3)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LOAN_FLAG_CODES.length)
  @ArrayUnique()
  @IsIn(LOAN_FLAG_CODES, { each: true })
  flags?: string[];

  /** In order: the last named is cut back first when the lender's minimum share needs it. */
  @ApiPropertyOptional({
    type: [CoSharerDto],
    maxItems: 10,
    // None in the example: a party must be admitted before a loan names it (else 400).
    example: [],
    description:
      'docs/domain.md §8.4: admitted parties bearing a share of each claim, in order (the last is cut back first)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CoSharerDto)
  coSharers?: CoSharerDto[];
}
