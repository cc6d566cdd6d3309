import { ApiProperty } from '@nestjs/swagger';
import { ApiFen, ApiId, ApiTimestamp } from '@riskpool/service-kit';

export type BankStatus = 'ACTIVE' | 'SUSPENDED' | 'EXITED';
/** docs/domain.md §8.1: what is said of a bank holds for every kind of partner. */
export type InstitutionKind = 'BANK' | 'MICROLOAN' | 'LEASING';

export const INSTITUTION_KINDS: readonly InstitutionKind[] = ['BANK', 'MICROLOAN', 'LEASING'];
const BANK_STATUSES: readonly BankStatus[] = ['ACTIVE', 'SUSPENDED', 'EXITED'];

export const INSTITUTION_KIND_DOC =
  'docs/domain.md §8.1: a bank (including a technology sub-branch), a technology micro-loan company, or a finance-lease company. A kind the policy in force does not list in `institutionKinds` registers no loans.';

/** An admitted partner bank (or micro-loan or finance-lease company) and its status. */
export class BankView {
  @ApiId.bank()
  readonly bankId!: string;

  @ApiProperty({ example: 'Zhongshan Rural Commercial Bank' })
  readonly name!: string;

  @ApiProperty({
    enum: INSTITUTION_KINDS,
    enumName: 'InstitutionKind',
    example: 'BANK',
    description: INSTITUTION_KIND_DOC,
  })
  readonly kind!: InstitutionKind;

  @ApiFen({ example: '50000000000', description: 'The quota of loans it may register (fen)' })
  readonly quotaFen!: string;

  @ApiProperty({ enum: BANK_STATUSES, example: 'ACTIVE' })
  readonly status!: BankStatus;

  @ApiProperty({ type: 'string', nullable: true, example: null })
  readonly statusReason!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: null })
  readonly statusChangedBy!: string | null;

  @ApiTimestamp()
  readonly admittedAt!: string;

  @ApiTimestamp()
  readonly statusChangedAt!: string;
}
