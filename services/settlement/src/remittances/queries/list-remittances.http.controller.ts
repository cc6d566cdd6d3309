import { Controller, Get, Inject, Query } from '@nestjs/common';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  PageKeys,
  pageOf,
  PageQuery,
  pageRequest,
  PublicRoute,
} from '@riskpool/service-kit';
import { readScopeOf } from '../../shared/scope';
import { SETTLEMENT_SCHEMA } from '../../shared/tokens';
import { RemittanceRepository } from '../persistence/remittance.repository';

class ScopedQuery extends PageQuery {
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
}

class OwedQuery extends ScopedQuery {
  /** `open` (default): only amounts with something outstanding; `all`: every owed amount. */
  @IsOptional()
  @IsIn(['open', 'all'])
  state?: 'open' | 'all';
}

/** `GET /remittances` and `GET /owed`: a bank its own, a fund manager its fund's, a regulator all. */
@Controller()
export class RemittanceQueriesController {
  private readonly repository: RemittanceRepository;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SETTLEMENT_SCHEMA) schema: string,
  ) {
    this.repository = new RemittanceRepository(schema);
  }

  @Get('remittances')
  @PublicRoute('GET /remittances')
  async remittances(@Query() query: ScopedQuery, @CurrentIdentity() identity: Identity) {
    const scope = readScopeOf(identity, { bankId: query.bankId, fundId: query.fundId });
    const page = pageRequest(query, PageKeys.seq);
    const rows = await this.repository.listRemittances(this.dataSource.manager, {
      ...scope,
      ...(query.claimId !== undefined ? { claimId: query.claimId } : {}),
      ...(page.after !== undefined ? { afterSeq: page.after } : {}),
      limit: page.limit + 1,
    });
    return pageOf(
      rows,
      page,
      (r) => ({
        remittanceId: r.remittanceId,
        bankId: r.bankId,
        fundId: r.fundId,
        claimId: r.claimId,
        amountFen: r.amountFen.toString(),
        matchedFen: r.matchedFen.toString(),
        overpaidFen: r.overpaidFen.toString(),
        receivedOn: r.receivedOn,
        matched: r.allocations.map((a) => ({
          recoveryId: a.recoveryId,
          claimId: a.claimId,
          amountFen: a.amountFen.toString(),
        })),
      }),
      (r) => r.seq,
    );
  }

  @Get('owed')
  @PublicRoute('GET /owed')
  async owed(@Query() query: OwedQuery, @CurrentIdentity() identity: Identity) {
    const scope = readScopeOf(identity, { bankId: query.bankId, fundId: query.fundId });
    const page = pageRequest(query, PageKeys.seq);
    const filter = { ...scope, ...(query.claimId !== undefined ? { claimId: query.claimId } : {}) };
    const rows = await this.repository.listOwed(this.dataSource.manager, {
      ...filter,
      ...(page.after !== undefined ? { afterSeq: page.after } : {}),
      limit: page.limit + 1,
      openOnly: (query.state ?? 'open') === 'open',
    });
    const totals = await this.repository.owedTotals(this.dataSource.manager, filter);
    const { items, nextCursor } = pageOf(
      rows,
      page,
      (o) => ({
        recoveryId: o.recoveryId,
        claimId: o.claimId,
        loanId: o.loanId,
        bankId: o.bankId,
        fundId: o.fundId,
        owedFen: o.amountFen.toString(),
        remittedFen: o.remittedFen.toString(),
        outstandingFen: o.outstandingFen.toString(),
        dueOn: o.dueOn,
        overdue: o.outstandingFen > 0n && o.dueOn < identity.businessDate,
        overdueRaisedOn: o.overdueRaisedOn,
      }),
      (o) => o.owedId,
    );
    return { asOf: identity.businessDate, items, totals, nextCursor };
  }
}
