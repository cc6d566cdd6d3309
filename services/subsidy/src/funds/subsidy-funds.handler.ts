import { Injectable } from '@nestjs/common';
import { Topics, uuidv7 } from '@riskpool/contracts';
import { fundDeposit } from '@riskpool/db';
import { isSubsidyFundId, SUBSIDY_CITY_FUND_ID } from '@riskpool/domain';
import { Problems } from '@riskpool/service-kit';
import { SubsidyFund, SubsidyRepository } from '../persistence/subsidy.repository';
import { otherFundProblem, publish, SubsidyCodes, SubsidyContext } from '../subsidy-context';
import type { SubsidyDepositView, SubsidyFundView } from './subsidy-fund-view';

export const fundView = (f: SubsidyFund): SubsidyFundView => ({
  fundId: f.fundId,
  name: f.name,
  townCode: f.townCode,
  availableFen: f.availableFen.toString(),
  heldFen: f.heldFen.toString(),
  depositedFen: f.depositedFen.toString(),
  paidFen: f.paidFen.toString(),
});

/**
 * Subsidy funds (docs/domain.md §9.1): created empty by an admin, filled by their own managers'
 * deposits, never negative. They are not compensation funds: nothing here touches pool money.
 */
@Injectable()
export class SubsidyFundsHandler {
  constructor(private readonly repository: SubsidyRepository) {}

  async create(
    ctx: SubsidyContext,
    cmd: { fundId: string; name: string },
  ): Promise<SubsidyFundView> {
    if (!isSubsidyFundId(cmd.fundId))
      throw Problems.invalid([
        {
          field: 'fundId',
          code: 'pattern',
          message: 'must be SUBSIDY:CITY or SUBSIDY:TOWN:<code>',
        },
      ]);
    const townCode =
      cmd.fundId === SUBSIDY_CITY_FUND_ID ? null : cmd.fundId.slice('SUBSIDY:TOWN:'.length);
    const inserted = await this.repository.insertFund(ctx.uow.manager, {
      fundId: cmd.fundId,
      name: cmd.name,
      townCode,
    });
    if (!inserted)
      throw Problems.conflict(SubsidyCodes.fundExists, `Subsidy fund ${cmd.fundId} exists.`, [
        { field: 'fundId', code: 'EXISTS', message: 'already exists' },
      ]);
    publish(ctx, Topics.subsidyFundCreated, cmd.fundId, {
      fundId: cmd.fundId,
      name: cmd.name,
      kind: townCode === null ? 'SUBSIDY_CITY' : 'SUBSIDY_TOWN',
      ...(townCode === null ? {} : { townCode }),
      createdAt: ctx.now.toISOString(),
    });
    const fund = await this.repository.findFund(ctx.uow.manager, cmd.fundId);
    if (fund === undefined) throw new Error(`fund ${cmd.fundId} vanished`);
    return fundView(fund);
  }

  async deposit(
    ctx: SubsidyContext,
    cmd: { fundId: string; amountFen: bigint; reference?: string },
  ): Promise<SubsidyDepositView> {
    if (ctx.identity.scope !== cmd.fundId)
      throw otherFundProblem(
        'fundId',
        `a manager of ${ctx.identity.scope ?? 'no fund'} may not deposit into ${cmd.fundId}`,
      );
    const fund = await this.repository.findFund(ctx.uow.manager, cmd.fundId, true);
    if (fund === undefined) throw Problems.notFound(`subsidy fund ${cmd.fundId}`);
    const depositId = uuidv7();
    await this.repository.moveFundMoney(ctx.uow.manager, cmd.fundId, {
      availableFen: cmd.amountFen,
      depositedFen: cmd.amountFen,
    });
    await this.repository.insertDeposit(ctx.uow.manager, fundDeposit(depositId, cmd, ctx));
    const after = fund.availableFen + cmd.amountFen;
    publish(ctx, Topics.subsidyFundDeposited, cmd.fundId, {
      depositId,
      fundId: cmd.fundId,
      amountFen: cmd.amountFen.toString(),
      depositedBy: ctx.actor,
      depositedAt: ctx.now.toISOString(),
      availableAfterFen: after.toString(),
    });
    return {
      ...fundView({
        ...fund,
        availableFen: after,
        depositedFen: fund.depositedFen + cmd.amountFen,
      }),
      depositId,
    };
  }
}
