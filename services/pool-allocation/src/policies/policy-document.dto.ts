import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { PolicyDocument } from '@riskpool/contracts';
import {
  COMPENSATION_TIMINGS,
  INSTITUTION_KINDS,
  QUALIFICATION_CODES,
  SHARE_BASES,
  defaultPolicy,
  defaultSubsidyParameters,
  formatFen,
  PROGRAMME_DEFAULTS,
} from '@riskpool/domain';
import { ApiDate, ApiFen, IsFen } from '@riskpool/service-kit';

/*
 * The HTTP declaration of THE policy wire form (`PolicyDocument` of libs/contracts, docs/adr/0021):
 * each class implements the contract's type, so the two cannot drift apart. The pipe checks the
 * shape (types, fen strings, no unknown field); the rules (every issue at once) are the domain's,
 * applied by `parsePolicyDocument`. Examples are the docs/domain.md defaults.
 */

const DEFAULTS = defaultPolicy('P-2027-1', '2027-01-01');
const SUBSIDY_DEFAULTS = defaultSubsidyParameters();
const BP = { type: 'integer', minimum: 0, maximum: 10000 } as const;
const BP_BY_FLAG = { type: 'object', additionalProperties: BP } as const;

export class RateTierDto implements Required<PolicyDocument['rateTiers'][number]> {
  @ApiFen({ example: '500000000', description: 'Inclusive upper bound on the original principal' })
  @IsFen({ positive: true })
  upToFen!: string;

  @ApiProperty({ ...BP, example: 4000 })
  @IsInt()
  rateBp!: number;
}

export class SplitPartDto implements Required<PolicyDocument['split'][number]> {
  @ApiProperty({
    example: 'CITY',
    description: '`CITY`, `TOWN` (the borrower’s town fund), `TOWN:<code>` or another fund code',
  })
  @IsString()
  fund!: string;

  @ApiProperty({ ...BP, example: 5000 })
  @IsInt()
  weightBp!: number;
}

const TIERS_SCHEMA = { type: 'array', items: { $ref: getSchemaPath(RateTierDto) } } as const;
const SPLIT_SCHEMA = { type: 'array', items: { $ref: getSchemaPath(SplitPartDto) } } as const;

/** A policy version (docs/domain.md §3, §8, §9); immutable once published. */
export class PolicyDocumentDto implements PolicyDocument {
  @ApiProperty({
    example: DEFAULTS.versionId,
    minLength: 1,
    maxLength: 128,
    description: 'Never reused',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128) // the event's entity id limit: a longer id was a 500 at publishing
  policyVersionId!: string;

  @ApiDate({ example: DEFAULTS.effectiveFrom, description: 'Inclusive; not before today' })
  @IsString()
  effectiveFrom!: string;

  @ApiDate({ required: false, example: undefined, description: 'Exclusive; absent: open-ended' })
  @IsOptional()
  @IsString()
  effectiveTo?: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...QUALIFICATION_CODES] },
    example: [...DEFAULTS.eligibleQualifications],
  })
  @IsArray()
  @IsString({ each: true })
  eligibleQualifications!: string[];

  @ApiFen({ example: formatFen(DEFAULTS.maxPrincipalFen), description: 'Per loan' })
  @IsFen()
  maxPrincipalFen!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: DEFAULTS.maxTermMonths })
  @IsInt()
  maxTermMonths!: number;

  @ApiFen({
    example: formatFen(DEFAULTS.maxEnterpriseOutstandingFen),
    description: 'Per enterprise, across every bank',
  })
  @IsFen()
  maxEnterpriseOutstandingFen!: string;

  @ApiProperty({
    type: [RateTierDto],
    description: 'Strictly ascending; the last reaches maxPrincipalFen',
    example: DEFAULTS.rateTiers.map((t) => ({ upToFen: formatFen(t.upToFen), rateBp: t.rateBp })),
  })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RateTierDto)
  rateTiers!: RateTierDto[];

  @ApiProperty({
    ...BP_BY_FLAG,
    description: 'Added to the tier rate when the loan carries the flag',
    example: { ...DEFAULTS.bonusBp },
  })
  @IsObject()
  bonusesBp!: Record<string, number>;

  @ApiProperty({ ...BP, example: DEFAULTS.maxRateBp })
  @IsInt()
  maxRateBp!: number;

  @ApiProperty({
    type: [SplitPartDto],
    description: 'In order: the order breaks split ties and orders recovery sharing',
    example: DEFAULTS.split.map((e) => ({ ...e })),
  })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SplitPartDto)
  split!: SplitPartDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: SPLIT_SCHEMA,
    description: 'A town’s own split, by town code (e.g. `TORCH`)',
  })
  @IsOptional()
  @IsObject()
  townSplitOverrides?: Record<string, SplitPartDto[]>;

  @ApiFen({
    example: formatFen(DEFAULTS.perLoanCapFen),
    description: 'Most compensation on one loan',
  })
  @IsFen()
  perLoanCapFen!: string;

  @ApiFen({
    example: formatFen(DEFAULTS.perBankAnnualCapFen),
    description: 'Most compensation on the claims of one bank opened in one calendar year',
  })
  @IsFen()
  perBankAnnualCapFen!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: DEFAULTS.minDaysPastDue })
  @IsInt()
  minDaysPastDue!: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: DEFAULTS.reportWithinDays })
  @IsInt()
  reportWithinDays!: number;

  @ApiProperty({ ...BP, example: DEFAULTS.nplBreakerBp, description: 'The bank NPL breaker' })
  @IsInt()
  nplBreakerBp!: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: DEFAULTS.remitWithinDays })
  @IsInt()
  remitWithinDays!: number;

  // docs/domain.md §8: optional, absent means the default.

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', enum: [...INSTITUTION_KINDS] },
    default: [...PROGRAMME_DEFAULTS.institutionKinds],
    example: [...PROGRAMME_DEFAULTS.institutionKinds],
  })
  @IsOptional()
  @IsArray()
  @IsIn(INSTITUTION_KINDS, { each: true })
  institutionKinds?: PolicyDocument['institutionKinds'];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: TIERS_SCHEMA,
    description: `Rate tiers per institution kind (${INSTITUTION_KINDS.join(', ')}), replacing rateTiers for that kind`,
  })
  @IsOptional()
  @IsObject()
  rateTiersByKind?: PolicyDocument['rateTiersByKind'];

  @ApiPropertyOptional({
    ...BP,
    description: 'Most compensation over the programme, as a share of all principal registered',
  })
  @IsOptional()
  @IsInt()
  portfolioCapBp?: number;

  @ApiPropertyOptional({
    enum: [...SHARE_BASES],
    default: PROGRAMME_DEFAULTS.shareBasis,
    example: PROGRAMME_DEFAULTS.shareBasis,
  })
  @IsOptional()
  @IsIn(SHARE_BASES)
  shareBasis?: PolicyDocument['shareBasis'];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    default: PROGRAMME_DEFAULTS.maxInterestDays,
    example: PROGRAMME_DEFAULTS.maxInterestDays,
  })
  @IsOptional()
  @IsInt()
  maxInterestDays?: number;

  @ApiPropertyOptional({
    ...BP,
    default: PROGRAMME_DEFAULTS.maxCostsBp,
    example: PROGRAMME_DEFAULTS.maxCostsBp,
  })
  @IsOptional()
  @IsInt()
  maxCostsBp?: number;

  @ApiPropertyOptional({
    enum: [...COMPENSATION_TIMINGS],
    default: PROGRAMME_DEFAULTS.compensationTiming,
    example: PROGRAMME_DEFAULTS.compensationTiming,
  })
  @IsOptional()
  @IsIn(COMPENSATION_TIMINGS)
  compensationTiming?: PolicyDocument['compensationTiming'];

  @ApiPropertyOptional({
    ...BP,
    default: PROGRAMME_DEFAULTS.minLenderShareBp,
    example: PROGRAMME_DEFAULTS.minLenderShareBp,
  })
  @IsOptional()
  @IsInt()
  minLenderShareBp?: number;

  // docs/domain.md §9 (interest subsidy): optional, absent means the default.

  @ApiPropertyOptional({
    ...BP,
    default: SUBSIDY_DEFAULTS.subsidyShareBp,
    example: SUBSIDY_DEFAULTS.subsidyShareBp,
  })
  @IsOptional()
  @IsInt()
  subsidyShareBp?: number;

  @ApiPropertyOptional({
    ...BP_BY_FLAG,
    default: { ...SUBSIDY_DEFAULTS.subsidyBonusBp },
    example: { ...SUBSIDY_DEFAULTS.subsidyBonusBp },
  })
  @IsOptional()
  @IsObject()
  subsidyBonusBp?: Record<string, number>;

  @ApiPropertyOptional({
    ...BP,
    default: SUBSIDY_DEFAULTS.maxSubsidyShareBp,
    example: SUBSIDY_DEFAULTS.maxSubsidyShareBp,
  })
  @IsOptional()
  @IsInt()
  maxSubsidyShareBp?: number;

  @ApiPropertyOptional({
    ...BP,
    description: 'Interest above this annual rate is not subsidised',
    default: SUBSIDY_DEFAULTS.subsidyRateCapBp,
    example: SUBSIDY_DEFAULTS.subsidyRateCapBp,
  })
  @IsOptional()
  @IsInt()
  subsidyRateCapBp?: number;

  @ApiFen({
    required: false,
    example: formatFen(SUBSIDY_DEFAULTS.subsidyPerEnterpriseAnnualCapFen),
    description: 'Most subsidy for one enterprise over the periods ending in one calendar year',
  })
  @IsOptional()
  @IsFen()
  subsidyPerEnterpriseAnnualCapFen?: string;

  @ApiPropertyOptional({
    type: [SplitPartDto],
    description: 'Over SUBSIDY:CITY and SUBSIDY:TOWN:<the borrower’s town> (`CITY`, `TOWN`)',
    example: SUBSIDY_DEFAULTS.subsidySplit.map((e) => ({ ...e })),
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SplitPartDto)
  subsidySplit?: SplitPartDto[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string' },
    description: 'When set, only loans carrying one of these flags are eligible',
    default: [],
    example: [],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  subsidyRequiresFlags?: string[];
}

class PolicyGovernsView {
  @ApiDate({ example: '2027-01-01' })
  readonly from!: string;

  @ApiDate({ example: null, nullable: true, description: 'Exclusive; null while open-ended' })
  readonly to!: string | null;
}

/** A published version as `GET /policies` lists it. */
export class PublishedPolicyView extends PolicyDocumentDto {
  @ApiProperty({ example: 'fund-manager:CITY' })
  readonly publishedBy!: string;

  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-12-01T08:00:00.000Z' })
  readonly publishedAt!: string;

  @ApiProperty({
    type: PolicyGovernsView,
    description: 'When it actually governs (an open-ended version ends where the next one starts)',
  })
  readonly governs!: PolicyGovernsView;
}

export class PolicyPageView {
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'P-2026-1',
    description: 'The version in force on the caller’s business date, if any',
  })
  readonly inForceVersionId!: string | null;

  @ApiProperty({ type: [PublishedPolicyView] })
  readonly items!: PublishedPolicyView[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: null,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  readonly nextCursor!: string | null;
}
