import { ApiProperty } from '@nestjs/swagger';

/** What every answer about a default names first: the default, then its loan. */
export class DefaultOfLoan {
  @ApiProperty({ example: '0195f3b0-1d2e-7c4f-8a9b-0c1d2e3f4a5b' })
  readonly defaultId!: string;

  @ApiProperty({ example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10' })
  readonly loanId!: string;
}
