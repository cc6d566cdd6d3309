import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  PageKeys,
  pageOf,
  PageQuery,
  pageRequest,
  Problems,
  PublicRoute,
} from '@riskpool/service-kit';
import { readScopeOf, SETTLEMENT_SCHEMA } from '../../support';
import {
  InstructionStatus,
  PaymentInstruction,
  PaymentInstructionRepository,
} from '../../persistence/payment-instruction.repository';

class ListPayoutsQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  bankId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  fundId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  claimId?: string;

  @IsOptional()
  @IsIn(['PENDING', 'SENDING', 'SUBMITTED', 'PAID', 'FAILED'])
  status?: InstructionStatus;
}

/** `GET /payouts` and `GET /payouts/{payoutId}`: a bank its own, a fund manager its fund's, a regulator all. */
@Controller('payouts')
export class ListPayoutsController {
  private readonly repository: PaymentInstructionRepository;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SETTLEMENT_SCHEMA) schema: string,
  ) {
    this.repository = new PaymentInstructionRepository(schema);
  }

  @Get()
  @PublicRoute('GET /payouts')
  async list(@Query() query: ListPayoutsQuery, @CurrentIdentity() identity: Identity) {
    const scope = readScopeOf(identity, { bankId: query.bankId, fundId: query.fundId });
    const page = pageRequest(query, PageKeys.seq);
    const rows = await this.repository.list(this.dataSource.manager, {
      ...scope,
      ...(query.claimId !== undefined ? { claimId: query.claimId } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(page.after !== undefined ? { afterSeq: page.after } : {}),
      limit: page.limit + 1,
    });
    return pageOf(rows, page, payoutView, (i) => i.seq);
  }

  /** One payout; another bank's or fund's answers 404, as if it did not exist. */
  @Get(':payoutId')
  @PublicRoute('GET /payouts/{payoutId}')
  async get(@Param('payoutId') payoutId: string, @CurrentIdentity() identity: Identity) {
    const scope = readScopeOf(identity, {});
    const [found] = await this.repository.list(this.dataSource.manager, {
      ...scope,
      instructionId: payoutId,
      limit: 1,
    });
    if (found === undefined) throw Problems.notFound(`payout ${payoutId}`);
    return payoutView(found);
  }
}

function payoutView(i: PaymentInstruction) {
  return {
    payoutId: i.instructionId,
    claimId: i.claimId,
    loanId: i.loanId,
    defaultId: i.defaultId,
    bankId: i.bankId,
    fundId: i.fundId,
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
