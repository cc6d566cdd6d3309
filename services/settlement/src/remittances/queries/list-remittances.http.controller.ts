import { Controller, Query } from '@nestjs/common';
import { ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Identity } from '@riskpool/contracts';
import {
  CurrentIdentity,
  Page,
  PageKeys,
  pageOf,
  pageRequest,
  PublicList,
} from '@riskpool/service-kit';
import { IsOpenOrAll, ScopedQuery } from '../../shared/scope';
import { RemittanceRepository } from '../persistence/remittance.repository';
import {
  OwedPage,
  OwedTotalsView,
  owedView,
  OwedView,
  remittanceView,
  RemittanceView,
} from '../remittance.views';
import { ReadsThrough } from '../../shared/schema-reader';
import { readScopedPage, scopedFilter } from '../../shared/scoped-page';

export class OwedQuery extends ScopedQuery {
  @IsOpenOrAll()
  state?: 'open' | 'all';
}

/** `GET /remittances` and `GET /owed`: a bank its own, a fund manager its fund's, a regulator all. */
@ApiTags('settlement')
@Controller()
export class RemittanceQueriesController extends ReadsThrough(RemittanceRepository) {
  @PublicList(
    'GET /remittances',
    {
      operationId: 'listRemittances',
      summary: 'Remittances in the order received (a bank its own, a manager its fund’s)',
      description:
        'Paged (`cursor`, `limit` 1..500, default 50). The regulator reads all; a filter naming another bank or fund than the caller’s own answers 404.',
    },
    RemittanceView,
    'A page of remittances',
  )
  async remittances(
    @Query() query: ScopedQuery,
    @CurrentIdentity() identity: Identity,
  ): Promise<Page<RemittanceView>> {
    return readScopedPage(
      query,
      identity,
      (window) => this.repository.listRemittances(this.dataSource.manager, window),
      (rows) => rows.map(remittanceView),
    );
  }

  @PublicList(
    'GET /owed',
    {
      operationId: 'listOwed',
      summary:
        'What banks owe funds from recoveries after payout (a bank its own, a manager its fund’s)',
      description:
        'Paged (`cursor`, `limit` 1..500, default 50), with the totals per bank and fund over the whole filter. The regulator reads all; a filter naming another bank or fund than the caller’s own answers 404.',
    },
    OwedView,
    'A page of amounts owed, with totals',
    {
      models: [OwedTotalsView],
      properties: {
        asOf: {
          type: 'string',
          format: 'date',
          example: '2026-07-01',
          description: 'The business date `overdue` is judged on',
        },
        totals: {
          type: 'array',
          items: { $ref: getSchemaPath(OwedTotalsView) },
          description: 'Per bank and fund, over the whole filter (not only this page)',
        },
      },
    },
  )
  async owed(@Query() query: OwedQuery, @CurrentIdentity() identity: Identity): Promise<OwedPage> {
    const filter = scopedFilter(identity, query);
    const page = pageRequest(query, PageKeys.seq);
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
      (o) => owedView(o, identity.businessDate),
      (o) => o.owedId,
    );
    return { asOf: identity.businessDate, items, totals, nextCursor };
  }
}
