// What the round and grant routes answer: the one declaration of each shape, documented for the
// public API (the gateway assembles its document from the subsidy service's own).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiDate, ApiFen, ApiId } from '@riskpool/service-kit';

const ROUND_ID = '0195f3d0-0000-7000-8000-000000000010';
const STATUSES = ['OPEN', 'CLOSED', 'APPROVED'] as const;

/** A subsidy fund's line of a round: its money at closing, and its manager's decision. */
export class SubsidyRoundFundView {
  @ApiId.subsidyFund()
  readonly fundId!: string;

  @ApiFen({ example: '3000000', description: 'Available when the round closed (fen)' })
  readonly availableFen!: string;

  @ApiFen({ example: '3846575' })
  readonly requestedFen!: string;

  @ApiFen({ example: '3000000' })
  readonly grantedFen!: string;

  @ApiFen({ example: '846575', description: 'Requested and not granted (fen)' })
  readonly lapsedFen!: string;

  @ApiProperty({ example: true, description: 'The fund was short: grants cut pro rata' })
  readonly proRata!: boolean;

  @ApiProperty({
    type: 'string',
    enum: ['APPROVE', null],
    nullable: true,
    example: null,
    description: 'APPROVE once the fund’s manager approved the round',
  })
  readonly decision!: 'APPROVE' | null;

  @ApiProperty({ type: 'string', nullable: true, example: null })
  readonly decidedBy!: string | null;

  @ApiDate({ nullable: true, example: null })
  readonly decidedOn!: string | null;
}

export class SubsidyRoundHistoryView {
  @ApiProperty({ enum: ['OPENED', 'CLOSED', 'APPROVED', 'RETURNED'], example: 'CLOSED' })
  readonly step!: string;

  @ApiProperty({ type: 'string', nullable: true, example: null, description: 'Whose decision' })
  readonly fundId!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: null, description: 'Why (RETURNED)' })
  readonly reason!: string | null;

  @ApiProperty({ example: 'fund-manager:SUBSIDY:CITY' })
  readonly actor!: string;

  @ApiDate({ example: '2026-04-02' })
  readonly businessDate!: string;
}

/** docs/domain.md §9.4: a round, per fund what was requested, granted and lapsed. */
export class SubsidyRoundView {
  @ApiProperty({ example: ROUND_ID })
  readonly roundId!: string;

  @ApiDate({ example: '2026-01-01', description: 'Takes reports whose period ends from here' })
  readonly from!: string;

  @ApiDate({ example: '2026-04-02', description: '... to before here' })
  readonly to!: string;

  @ApiProperty({ enum: STATUSES, example: 'CLOSED' })
  readonly status!: (typeof STATUSES)[number];

  @ApiProperty({
    type: 'integer',
    example: 1,
    description: 'How many times it closed (a RETURN opens it again)',
  })
  readonly closing!: number;

  @ApiProperty({ example: 'fund-manager:SUBSIDY:CITY' })
  readonly openedBy!: string;

  @ApiDate({ example: '2026-01-01' })
  readonly openedOn!: string;

  @ApiDate({ nullable: true, example: '2026-04-02' })
  readonly closedOn!: string | null;

  @ApiDate({ nullable: true, example: null })
  readonly approvedOn!: string | null;

  @ApiProperty({
    type: [SubsidyRoundFundView],
    description: 'Per fund: a town fund’s manager sees its own line, a bank none',
  })
  readonly funds!: readonly SubsidyRoundFundView[];

  @ApiPropertyOptional({
    type: [SubsidyRoundHistoryView],
    description: 'One round read alone, not by a bank',
  })
  readonly history?: readonly SubsidyRoundHistoryView[];
}

/** A grant of a closed round: one report's part from one fund. */
export class SubsidyGrantView {
  @ApiProperty({ example: ROUND_ID })
  readonly roundId!: string;

  @ApiProperty({ example: '0195f3d1-0000-7000-8000-000000000011' })
  readonly reportId!: string;

  @ApiId.loan()
  readonly loanId!: string;

  @ApiId.bank()
  readonly bankId!: string;

  @ApiId.uscc()
  readonly uscc!: string;

  @ApiId.town()
  readonly townCode!: string;

  @ApiId.subsidyFund()
  readonly fundId!: string;

  @ApiFen({ example: '3106849' })
  readonly requestedFen!: string;

  @ApiFen({ example: '2423077' })
  readonly grantedFen!: string;

  @ApiFen({ example: '683772' })
  readonly lapsedFen!: string;

  @ApiProperty({ example: '6222020200112233' })
  readonly payeeAccountNo!: string;

  @ApiProperty({ example: 'Xiaolan Optics Co., Ltd.' })
  readonly payeeAccountName!: string;

  @ApiDate({ example: '2026-01-01' })
  readonly periodStart!: string;

  @ApiDate({ example: '2026-04-01' })
  readonly periodEnd!: string;

  @ApiId.policyVersion()
  readonly economicPolicyVersionId!: string;
}
