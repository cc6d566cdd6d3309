// What the subsidy fund routes answer: the one declaration of a fund's shape, documented for the
// public API (the gateway assembles its document from the subsidy service's own).
import { ApiProperty } from '@nestjs/swagger';
import { ApiFen } from '@riskpool/service-kit';

/** docs/domain.md §9.1: a subsidy fund and its money. */
export class SubsidyFundView {
  @ApiProperty({
    pattern: '^SUBSIDY:(CITY|TOWN:[A-Z0-9_]{1,32})$',
    example: 'SUBSIDY:TOWN:XIAOLAN',
  })
  readonly fundId!: string;

  @ApiProperty({ example: 'Xiaolan interest subsidy fund' })
  readonly name!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'XIAOLAN',
    description: 'The town of a town fund; null for SUBSIDY:CITY',
  })
  readonly townCode!: string | null;

  @ApiFen({ example: '3000000', description: 'Deposited, less held and paid (fen)' })
  readonly availableFen!: string;

  @ApiFen({ example: '0', description: 'Held for grants of closed rounds not yet paid (fen)' })
  readonly heldFen!: string;

  @ApiFen({ example: '3000000' })
  readonly depositedFen!: string;

  @ApiFen({ example: '0' })
  readonly paidFen!: string;
}

export class SubsidyDepositView extends SubsidyFundView {
  @ApiProperty({ example: '0195f3d2-0000-7000-8000-000000000012' })
  readonly depositId!: string;
}

export class SubsidyFundListView {
  @ApiProperty({ type: [SubsidyFundView], description: 'In fund id order' })
  readonly items!: SubsidyFundView[];
}
