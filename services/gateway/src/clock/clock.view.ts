import { ApiProperty } from '@nestjs/swagger';
import { ApiDate } from '@riskpool/service-kit';

/** The one business clock as every request sees it. */
export class ClockView {
  @ApiDate()
  readonly businessDate!: string;

  @ApiProperty({ enum: ['production', 'demo', 'test'], example: 'demo' })
  readonly mode!: 'production' | 'demo' | 'test';

  @ApiProperty({ example: true, description: 'true in demo and test mode only' })
  readonly settable!: boolean;

  @ApiProperty({
    enum: ['set', 'today'],
    example: 'set',
    description: '`today` is the date in Asia/Shanghai',
  })
  readonly source!: 'set' | 'today';

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    example: '2026-03-01T08:00:00.000Z',
  })
  readonly setAt!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'admin:admin' })
  readonly setBy!: string | null;
}
