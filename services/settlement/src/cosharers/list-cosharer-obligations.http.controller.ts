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
  Problems,
  PublicRoute,
} from '@riskpool/service-kit';
import { SETTLEMENT_SCHEMA } from '../shared/tokens';
import { CosharerObligationRepository } from './persistence/cosharer-obligation.repository';

class ObligationQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  bankId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  partyId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  claimId?: string;

  /** `open` (default): only obligations with something outstanding; `all`: every one. */
  @IsOptional()
  @IsIn(['open', 'all'])
  state?: 'open' | 'all';
}

/**
 * `GET /cosharer-obligations`: what co-sharers owe lenders and lenders owe co-sharers, per claim
 * (docs/domain.md §8.4). A bank sees its own claims', a co-sharer (`cosharer:<partyId>`) its own, a
 * regulator all; a filter naming another bank or co-sharer answers 404, as if it did not exist.
 */
@Controller()
export class CosharerObligationQueriesController {
  private readonly repository: CosharerObligationRepository;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SETTLEMENT_SCHEMA) schema: string,
  ) {
    this.repository = new CosharerObligationRepository(schema);
  }

  @Get('cosharer-obligations')
  @PublicRoute('GET /cosharer-obligations')
  async obligations(@Query() query: ObligationQuery, @CurrentIdentity() identity: Identity) {
    const own = identity.scope ?? '';
    let bankId = query.bankId;
    let partyId = query.partyId;
    if (identity.role === 'bank') {
      if (bankId !== undefined && bankId !== own) throw Problems.notFound(`bank ${bankId}`);
      bankId = own;
    } else if (identity.role === 'cosharer') {
      if (partyId !== undefined && partyId !== own) throw Problems.notFound(`co-sharer ${partyId}`);
      partyId = own;
    }
    const page = pageRequest(query, PageKeys.seq);
    const rows = await this.repository.listObligations(this.dataSource.manager, {
      ...(bankId !== undefined ? { bankId } : {}),
      ...(partyId !== undefined ? { partyId } : {}),
      ...(query.claimId !== undefined ? { claimId: query.claimId } : {}),
      openOnly: (query.state ?? 'open') === 'open',
      ...(page.after !== undefined ? { afterId: page.after } : {}),
      limit: page.limit + 1,
    });
    return pageOf(
      rows,
      page,
      (r) => ({
        obligationId: r.obligationId,
        claimId: r.claimId,
        loanId: r.loanId,
        bankId: r.bankId,
        partyId: r.partyId,
        payer: r.payer,
        source: r.source,
        sourceRef: r.sourceRef,
        amountFen: r.amountFen.toString(),
        settledFen: r.settledFen.toString(),
        outstandingFen: r.outstandingFen.toString(),
        dueOn: r.dueOn,
        overdue: r.outstandingFen > 0n && r.dueOn < identity.businessDate,
        overdueRaisedOn: r.overdueRaisedOn,
        policyVersionId: r.policyVersionId,
      }),
      (r) => r.obligationId,
    );
  }
}
