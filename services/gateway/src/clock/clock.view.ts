import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiTimestamp } from '@riskpool/service-kit';

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

  @ApiTimestamp({ nullable: true })
  readonly setAt!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'admin:admin' })
  readonly setBy!: string | null;
}
