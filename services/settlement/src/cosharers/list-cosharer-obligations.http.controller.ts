import { Controller, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags, OmitType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  Page,
  PageKeys,
  PublicList,
  readPage,
  readScopeOf,
} from '@riskpool/service-kit';
import { IsOpenOrAll, ScopedQuery } from '../shared/scope';
import { CosharerObligationView, obligationView } from './cosharer.views';
import { CosharerObligationRepository } from './persistence/cosharer-obligation.repository';
import { ReadsThrough } from '../shared/schema-reader';

export class ObligationQuery extends OmitType(ScopedQuery, ['fundId'] as const) {
  @ApiPropertyOptional({
    maxLength: 64,
    description: 'Only this co-sharer’s; a co-sharer naming another is 404',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  partyId?: string;

  @IsOpenOrAll()
  state?: 'open' | 'all';
}

/**
 * `GET /cosharer-obligations`: what co-sharers owe lenders and lenders owe co-sharers, per claim
 * (docs/domain.md §8.4). A bank sees its own claims', a co-sharer (`cosharer:<partyId>`) its own, a
 * regulator all; a filter naming another bank or co-sharer answers 404, as if it did not exist.
 */
@ApiTags('settlement')
@Controller()
export class CosharerObligationQueriesController extends ReadsThrough(
  CosharerObligationRepository,
) {
  @PublicList(
    'GET /cosharer-obligations',
    {
      operationId: 'listCosharerObligations',
      summary: 'What co-sharers and lenders owe each other per claim (docs/domain.md §8.4)',
      description:
        'Paged (`cursor`, `limit` 1..500, default 50). A bank reads its own claims’, a co-sharer its own, the regulator all; a filter naming another bank or co-sharer answers 404.',
    },
    CosharerObligationView,
    'A page of co-sharer obligations',
  )
  async obligations(
    @Query() query: ObligationQuery,
    @CurrentIdentity() identity: Identity,
  ): Promise<Page<CosharerObligationView>> {
    const { bankId, partyId } = readScopeOf(identity, {
      bankId: query.bankId,
      partyId: query.partyId,
    });
    return readPage(
      query,
      PageKeys.seq,
      ({ after, rows }) =>
        this.repository.listObligations(this.dataSource.manager, {
          ...(bankId !== undefined ? { bankId } : {}),
          ...(partyId !== undefined ? { partyId } : {}),
          ...(query.claimId !== undefined ? { claimId: query.claimId } : {}),
          openOnly: (query.state ?? 'open') === 'open',
          ...(after !== undefined ? { afterId: after } : {}),
          limit: rows,
        }),
      (r) => r.obligationId,
      (rows) => rows.map((r) => obligationView(r, identity.businessDate)),
    );
  }
}
