import { Injectable } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { CITY_FUND_ID } from '@riskpool/domain';
import { Problems } from '@riskpool/service-kit';
import { CreditEventsConsumer } from '../../../claims/consumers/credit-events.consumer';
import { PoolContext, publish } from '../../../shared/pool-context';

import type { FundView } from '../../fund-views';
import { FundKind, insertFund } from '../../persistence/fund.repository';

export type { FundView };

/** `CITY`, `TOWN:<code>` or another fund code (a provincial fund, say). */
export function fundKindOf(fundId: string): { kind: FundKind; townCode: string | null } {
  if (fundId === CITY_FUND_ID) return { kind: 'CITY', townCode: null };
  if (fundId.startsWith('TOWN:')) return { kind: 'TOWN', townCode: fundId.slice('TOWN:'.length) };
  return { kind: 'OTHER', townCode: null };
}

/** An admin creates a fund, empty; its managers deposit into it. */
@Injectable()
export class CreateFundHandler {
  constructor(private readonly credit: CreditEventsConsumer) {}

  async execute(ctx: PoolContext, cmd: { fundId: string; name: string }): Promise<FundView> {
    const { kind, townCode } = fundKindOf(cmd.fundId);
    const created = await insertFund(ctx.uow, {
      fundId: cmd.fundId,
      name: cmd.name,
      kind,
      townCode,
      createdBy: ctx.actor,
    });
    if (!created) throw Problems.conflict('FUND.ALREADY_EXISTS', `fund ${cmd.fundId} exists`);
    publish(ctx, Topics.fundCreated, cmd.fundId, {
      fundId: cmd.fundId,
      name: cmd.name,
      kind,
      ...(townCode !== null ? { townCode } : {}),
      createdAt: ctx.now.toISOString(),
    });
    // Defaults waiting for this fund can open their claims now.
    await this.credit.replayParked(ctx.uow, { topic: Topics.defaultReported });
    return { fundId: cmd.fundId, name: cmd.name, kind, townCode, availableFen: '0' };
  }
}
