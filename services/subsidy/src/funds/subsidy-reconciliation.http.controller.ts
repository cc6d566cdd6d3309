import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AllowRoles, Page, PageQuery, pageOfList, pageRequest } from '@riskpool/service-kit';

/** One subsidy fund's totals as the ledger books them (services/ledger README "Reconciliation"). */
export interface SubsidyFundTotals {
  readonly fundId: string;
  readonly depositedFen: string;
  /** Granted in approved rounds: what the ledger has moved to the loans' grants payable. */
  readonly grantedFen: string;
  /** Lapsed in approved rounds (the pro-rata cut). */
  readonly lapsedFen: string;
  /** Deposited less approved grants: available plus what closed, unapproved rounds hold. */
  readonly unGrantedFen: string;
}

/**
 * `GET /reconciliation/funds`: every subsidy fund's totals, page by page, for the ledger's
 * reconciliation only, called with the ledger's own `service:ledger` identity (ADR 0013); not a
 * public route. Only approved rounds count: the ledger books a round when it is approved.
 */
@Controller('reconciliation')
export class SubsidyReconciliationController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('funds')
  @AllowRoles('service:ledger')
  async funds(@Query() query: PageQuery): Promise<Page<SubsidyFundTotals>> {
    const rows = (await this.dataSource.query(
      `SELECT f.fund_id, f.deposited_fen::text AS deposited,
         coalesce(a.granted, 0)::text AS granted, coalesce(a.lapsed, 0)::text AS lapsed,
         (f.deposited_fen - coalesce(a.granted, 0))::text AS ungranted
       FROM "subsidy"."funds" f
       LEFT JOIN (
         SELECT rf.fund_id, sum(rf.granted_fen) AS granted, sum(rf.lapsed_fen) AS lapsed
         FROM "subsidy"."round_funds" rf
         JOIN "subsidy"."rounds" r ON r.round_id = rf.round_id AND r.status = 'APPROVED'
         GROUP BY rf.fund_id
       ) a ON a.fund_id = f.fund_id
       ORDER BY f.fund_id`,
    )) as Array<{
      fund_id: string;
      deposited: string;
      granted: string;
      lapsed: string;
      ungranted: string;
    }>;
    return pageOfList(
      rows.map((r) => ({
        fundId: r.fund_id,
        depositedFen: r.deposited,
        grantedFen: r.granted,
        lapsedFen: r.lapsed,
        unGrantedFen: r.ungranted,
      })),
      pageRequest(query),
      (f) => f.fundId,
    );
  }
}
