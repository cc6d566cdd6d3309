import { Controller, Param, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import {
  ApiDate,
  ApiFen,
  ApiTimestamp,
  CurrentIdentity,
  Page,
  Problems,
  PublicList,
  PublicRead,
  readScopeOf,
} from '@riskpool/service-kit';
import { ScopedQuery } from '../../../shared/scope';
import {
  InstructionSource,
  InstructionStatus,
  PaymentInstruction,
  PaymentInstructionRepository,
} from '../../persistence/payment-instruction.repository';
import { ReadsThrough } from '../../../shared/schema-reader';
import { payoutKeys } from '../../domain/payout-events';
import { readScopedPage } from '../../../shared/scoped-page';

const STATUSES: readonly InstructionStatus[] = [
  'PENDING',
  'SENDING',
  'SUBMITTED',
  'PAID',
  'FAILED',
];

export class ListPayoutsQuery extends ScopedQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only the payouts in this status' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: InstructionStatus;
}

/** A fund's payment of its share of an approved claim to the bank (docs/domain.md §5). */
export class PayoutView {
  @ApiProperty({ example: '0195f3c1-0000-7000-8000-000000000004' })
  readonly payoutId!: string;

  @ApiProperty({ example: '0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f' })
  readonly claimId!: string;

  @ApiProperty({ example: '0195f3a2-6c1e-7b3d-9a41-2f6e8d7c5b10' })
  readonly loanId!: string;

  @ApiProperty({ example: '0195f3b0-1d2e-7c4f-8a9b-0c1d2e3f4a5b' })
  readonly defaultId!: string;

  @ApiProperty({ example: 'ZSBANK' })
  readonly bankId!: string;

  @ApiProperty({ example: 'CITY' })
  readonly fundId!: string;

  @ApiProperty({
    enum: ['APPROVED_SHARE', 'QUEUE_FILLED'],
    example: 'APPROVED_SHARE',
    description:
      'APPROVED_SHARE: the fund’s held share of the approved claim; QUEUE_FILLED: a queued part the fund’s later deposits filled',
  })
  readonly source!: InstructionSource;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: null,
    description: 'QUEUE_FILLED: the hold the fill was placed on',
  })
  readonly holdId!: string | null;

  @ApiFen({ example: '120000000' })
  readonly amountFen!: string;

  @ApiDate({ example: '2026-07-01', description: 'The business date it was asked for' })
  readonly requestedOn!: string;

  @ApiProperty({ enum: STATUSES, example: 'PAID' })
  readonly status!: InstructionStatus;

  @ApiProperty({ type: 'integer', example: 1, description: 'Attempts made on the payment rail' })
  readonly attempts!: number;

  @ApiTimestamp({
    nullable: true,
    example: null,
    description: 'PENDING: when the next attempt is due',
  })
  readonly nextAttemptAt!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'SIMULATED', description: 'The rail' })
  readonly rail!: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'SIM-0195f3c1',
    description: 'The rail’s reference',
  })
  readonly railReference!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: null })
  readonly lastError!: string | null;

  @ApiTimestamp({ example: '2026-07-01T02:00:00.000Z' })
  readonly createdAt!: string;

  @ApiTimestamp({ nullable: true, example: '2026-07-01T02:00:05.000Z' })
  readonly paidAt!: string | null;
}

/** `GET /payouts` and `GET /payouts/{payoutId}`: a bank its own, a fund manager its fund's, a regulator all. */
@ApiTags('settlement')
@Controller()
export class ListPayoutsController extends ReadsThrough(PaymentInstructionRepository) {
  @PublicList(
    'GET /payouts',
    {
      operationId: 'listPayouts',
      summary:
        'Payouts of approved claims in the order asked (a bank its own, a manager its fund’s)',
      description:
        'Paged (`cursor`, `limit` 1..500, default 50). The regulator reads all; a filter naming another bank or fund than the caller’s own answers 404.',
    },
    PayoutView,
    'A page of payouts',
  )
  async list(
    @Query() query: ListPayoutsQuery,
    @CurrentIdentity() identity: Identity,
  ): Promise<Page<PayoutView>> {
    return readScopedPage(
      query,
      identity,
      (window) =>
        this.repository.list(this.dataSource.manager, {
          ...window,
          ...(query.status !== undefined ? { status: query.status } : {}),
        }),
      (rows) => rows.map(payoutView),
    );
  }

  /** One payout; another bank's or fund's answers 404, as if it did not exist. */
  @PublicRead(
    'GET /payouts/{payoutId}',
    {
      operationId: 'getPayout',
      summary: 'One payout',
      description: 'Another bank’s or fund’s payout answers 404, like an unknown one.',
    },
    { type: PayoutView, description: 'The payout' },
  )
  async get(
    @Param('payoutId') payoutId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<PayoutView> {
    const scope = readScopeOf(identity);
    const [found] = await this.repository.list(this.dataSource.manager, {
      ...scope,
      instructionId: payoutId,
      limit: 1,
    });
    if (found === undefined) throw Problems.notFound(`payout ${payoutId}`);
    return payoutView(found);
  }
}

function payoutView(i: PaymentInstruction): PayoutView {
  return {
    ...payoutKeys(i),
    source: i.source,
    holdId: i.holdId,
    amountFen: i.amountFen.toString(),
    requestedOn: i.requestedOn,
    status: i.status,
    attempts: i.attempts,
    nextAttemptAt: i.status === 'PENDING' ? i.nextAttemptAt.toISOString() : null,
    rail: i.rail,
    railReference: i.railReference,
    lastError: i.lastError,
    createdAt: i.createdAt.toISOString(),
    paidAt: i.paidAt?.toISOString() ?? null,
  };
}
