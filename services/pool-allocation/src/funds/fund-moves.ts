import { Fill, FundState } from '@riskpool/domain';
import { Topics } from '@riskpool/contracts';
import { lockFundStates, saveFundState } from './persistence/fund.repository';
import { addFilled, loanIdsOfClaims } from '../claims/persistence/claim.repository';
import { PoolContext, publish } from '../shared/pool-context';

/** A claim's hold on one fund has one id; it grows by placements and shrinks by releases and payouts. */
export function holdIdOf(claimId: string, fundId: string): string {
  return `${claimId}:${fundId}`;
}

/**
 * The funds one transaction changes: locked on load (`FOR UPDATE`), changed only through the
 * domain's pure functions (`reserve`, `fill`, `release`, `changeShare`, `settle`), saved at the end.
 */
export class FundMoves {
  private constructor(
    private readonly ctx: PoolContext,
    private readonly before: Map<string, FundState>,
    private readonly current: Map<string, FundState>,
  ) {}

  static async lock(ctx: PoolContext, fundIds: readonly string[]): Promise<FundMoves> {
    const states = await lockFundStates(ctx.uow, fundIds);
    for (const fundId of fundIds) {
      if (!states.has(fundId)) throw new Error(`fund ${fundId} does not exist`);
    }
    return new FundMoves(ctx, states, new Map(states));
  }

  state(fundId: string): FundState {
    const state = this.current.get(fundId);
    if (state === undefined) throw new Error(`fund ${fundId} was not locked`);
    return state;
  }

  set(next: FundState): void {
    if (!this.current.has(next.fundId)) throw new Error(`fund ${next.fundId} was not locked`);
    this.current.set(next.fundId, next);
  }

  async save(): Promise<void> {
    for (const [fundId, after] of this.current) {
      const before = this.before.get(fundId);
      if (before !== undefined && before !== after)
        await saveFundState(this.ctx.uow, before, after);
    }
  }
}

/** A hold placed or released on a fund for a claim's share. */
interface HoldMove {
  fundId: string;
  claimId: string;
  loanId: string;
  amountFen: bigint;
}

/** What every hold event says of its hold, in the events' field order. */
function holdFields(hold: HoldMove) {
  return {
    holdId: holdIdOf(hold.claimId, hold.fundId),
    fundId: hold.fundId,
    claimId: hold.claimId,
    loanId: hold.loanId,
    amountFen: hold.amountFen.toString(),
  };
}

export function publishHoldPlaced(
  ctx: PoolContext,
  hold: HoldMove & {
    cause: 'CLAIM_OPENED' | 'CLAIM_ADJUSTED' | 'QUEUE_FILLED';
    /** QUEUE_FILLED only: the part's running total of fills, this one included. */
    filledTotalFen?: bigint;
  },
): void {
  if (hold.amountFen <= 0n) return;
  publish(ctx, Topics.holdPlaced, hold.loanId, {
    ...holdFields(hold),
    cause: hold.cause,
    ...(hold.filledTotalFen !== undefined
      ? { filledTotalFen: hold.filledTotalFen.toString() }
      : {}),
    placedAt: ctx.now.toISOString(),
  });
}

export function publishHoldReleased(
  ctx: PoolContext,
  hold: HoldMove & {
    reason: 'CLAIM_DENIED' | 'CLAIM_WITHDRAWN' | 'CLAIM_ADJUSTED';
  },
): void {
  if (hold.amountFen <= 0n) return;
  publish(ctx, Topics.holdReleased, hold.loanId, {
    ...holdFields(hold),
    reason: hold.reason,
    releasedAt: ctx.now.toISOString(),
  });
}

/** Each fill of a queued part is a hold placed with cause QUEUE_FILLED, in queue order. */
export async function publishFills(
  ctx: PoolContext,
  fundId: string,
  fills: readonly Fill[],
): Promise<void> {
  if (fills.length === 0) return;
  const loanIds = await loanIdsOfClaims(
    ctx.uow,
    fills.map((f) => f.claimId),
  );
  for (const f of fills) {
    const loanId = loanIds.get(f.claimId);
    if (loanId === undefined) throw new Error(`claim ${f.claimId} has no loan`);
    publishHoldPlaced(ctx, {
      fundId,
      claimId: f.claimId,
      loanId,
      amountFen: f.amountFen,
      cause: 'QUEUE_FILLED',
      filledTotalFen: await addFilled(ctx.uow, f.claimId, fundId, f.amountFen),
    });
  }
}
