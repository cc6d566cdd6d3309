import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import {
  AllowRoles,
  CurrentIdentity,
  Page,
  PageKeys,
  PageQuery,
  PublicList,
  readPage,
  readScopeOf,
  SERVICE_SCHEMA,
} from '@riskpool/service-kit';
import { Inject } from '@nestjs/common';
import { FundBalanceView } from '../fund-views';
import { fundMoney, listFunds } from '../persistence/fund.repository';

/** Funds with what is available, held and queued. A fund manager sees their own fund. */
@ApiTags('funds')
@Controller()
export class ListFundsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @PublicList(
    'GET /funds',
    {
      operationId: 'listFunds',
      summary: 'Funds and their balances: available, held, deposited and queued',
      description: 'A fund manager reads its own fund; admin and the regulator read all.',
    },
    FundBalanceView,
    'A page of funds',
  )
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: PageQuery,
  ): Promise<Page<FundBalanceView>> {
    const { fundId } = readScopeOf(identity);
    return fundPage(
      this.dataSource,
      this.schema,
      fundId !== undefined ? [fundId] : undefined,
      query,
    );
  }
}

/**
 * `GET /reconciliation/funds`: every fund's totals, page by page, for the ledger's reconciliation
 * only, called with the ledger's own `service:ledger` identity (ADR 0013); not a public route.
 */
@Controller('reconciliation')
export class ReconciliationFundsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @Get('funds')
  @AllowRoles('service:ledger')
  async funds(@Query() query: PageQuery): Promise<Page<FundBalanceView>> {
    return fundPage(this.dataSource, this.schema, undefined, query);
  }
}

/** One page of funds (all, or those given) with what is available, held and queued. */
async function fundPage(
  dataSource: DataSource,
  schema: string,
  fundIds: string[] | undefined,
  query: PageQuery,
): Promise<Page<FundBalanceView>> {
  const tx = { manager: dataSource.manager, schema };
  return readPage(
    query,
    PageKeys.id,
    ({ after, rows }) =>
      listFunds(tx, {
        ...(fundIds !== undefined ? { fundIds } : {}),
        ...(after !== undefined ? { afterFundId: after } : {}),
        limit: rows,
      }),
    (f) => f.fundId,
    async (funds) => {
      const { held, queues } = await fundMoney(
        tx,
        funds.map((f) => f.fundId),
      );
      return funds.map((f): FundBalanceView => {
        const queue = queues.get(f.fundId) ?? [];
        return {
          fundId: f.fundId,
          name: f.name,
          kind: f.kind,
          townCode: f.townCode,
          availableFen: f.availableFen.toString(),
          heldFen: (held.get(f.fundId) ?? 0n).toString(),
          depositedFen: f.depositedFen.toString(),
          queuedFen: queue.reduce((sum, q) => sum + q.amountFen, 0n).toString(),
          queue: queue.map((q) => ({
            seq: q.seq,
            claimId: q.claimId,
            loanId: q.loanId,
            amountFen: q.amountFen.toString(),
          })),
        };
      });
    },
  );
}
