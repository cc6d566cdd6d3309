import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiFen } from '@riskpool/service-kit';

/** An amount owed by a due date: what is outstanding, and whether it is overdue today. */
export class DueView {
  @ApiFen({ example: '19000000', description: 'What is still owed (fen)' })
  readonly outstandingFen!: string;

  @ApiDate({ example: '2026-07-31' })
  readonly dueOn!: string;

  @ApiProperty({ example: false, description: 'Something is outstanding after its due date' })
  readonly overdue!: boolean;

  @ApiDate({
    nullable: true,
    example: null,
    description: 'When the overdue check raised it (null until then)',
  })
  readonly overdueRaisedOn!: string | null;
}

/** The business date a payment (a remittance, a co-sharer's settlement) was recorded on. */
export const ApiReceivedOn = () =>
  ApiDate({ example: '2026-07-01', description: 'The business date it was recorded on' });

/** What stays owed on an owed amount that a payment settled (part of). */
export const ApiStaysOwedFen = () =>
  ApiFen({ example: '0', description: 'What stays owed on it (fen)' });

export function dueView(
  due: { outstandingFen: bigint; dueOn: string; overdueRaisedOn: string | null },
  today: string,
): DueView {
  return {
    outstandingFen: due.outstandingFen.toString(),
    dueOn: due.dueOn,
    overdue: due.outstandingFen > 0n && due.dueOn < today,
    overdueRaisedOn: due.overdueRaisedOn,
  };
}
