// What `GET /ledger/reconciliation` answers: the one declaration of the check's report.
import { ApiProperty } from '@nestjs/swagger';
import { ApiFen, ApiTimestamp } from '@riskpool/service-kit';
import { ApiSeq } from '../queries/ledger-views';

/** One figure on which the ledger and a source still disagreed after the wait. */
export class ReconciliationDifferenceView {
  @ApiProperty({ enum: ['fund', 'bank'], example: 'fund' })
  readonly party!: 'fund' | 'bank';

  @ApiProperty({ example: 'CITY' })
  readonly partyId!: string;

  @ApiProperty({ example: 'heldFen', description: 'The compared figure, as the source names it' })
  readonly figure!: string;

  @ApiProperty({ enum: ['pool-allocation', 'settlement', 'subsidy'], example: 'pool-allocation' })
  readonly source!: 'pool-allocation' | 'settlement' | 'subsidy';

  @ApiFen({ example: '120000000', description: 'The figure by the ledger (fen)' })
  readonly ledgerFen!: string;

  @ApiFen({ example: '0', description: 'The figure by the source (fen)' })
  readonly sourceFen!: string;

  @ApiProperty({
    type: 'string',
    pattern: '^(0|-?[1-9][0-9]{0,17})$',
    example: '120000000',
    description: 'ledgerFen - sourceFen (fen, signed)',
  })
  readonly differenceFen!: string;
}

export class ReconciliationReportView {
  @ApiProperty({ example: '0195f3e0-0000-7000-8000-000000000001' })
  readonly checkId!: string;

  @ApiTimestamp()
  readonly checkedAt!: string;

  @ApiSeq('1024', 'The ledger entries the check read')
  readonly ledgerTreeSize!: string;

  @ApiProperty({ example: true, description: 'No difference' })
  readonly ok!: boolean;

  @ApiProperty({
    type: [ReconciliationDifferenceView],
    example: [],
    description: 'Each also raised as ledger.reconciliation-alert.v1',
  })
  readonly differences!: ReconciliationDifferenceView[];
}
