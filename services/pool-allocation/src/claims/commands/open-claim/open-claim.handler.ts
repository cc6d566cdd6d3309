import { Injectable } from '@nestjs/common';
import { EventData, Topics, uuidv7 } from '@riskpool/contracts';
import {
  allocateClaim,
  calendarYearOf,
  lossAtDefaultFen,
  nplBreakerDecision,
  reserve,
  resolveSplit,
} from '@riskpool/domain';
import {
  FundMoves,
  PoolContext,
  bankExposure,
  existingFundIds,
  findLoan,
  lockBank,
  publish,
  publishHoldPlaced,
  termsFor,
  updateLoan,
} from '../kernel';

import {
  addHistory,
  annualPoolUsed,
  claimParts,
  findClaimByDefault,
  insertClaim,
  liveClaimOfLoan,
  nextClaimNo,
} from '../../persistence/claim.repository';
import { APPLIED, EventOutcome, programmeFieldsOf, sharesOf } from '../../shared-claim';
import { programmeInputs } from '../programme-inputs';

export type DefaultReported = EventData<typeof Topics.defaultReported>;

/**
 * docs/domain.md §5 on an accepted default: basis, rate, caps, split, bank share; each fund's share held
 * (or queued behind what the fund already owes); the NPL breaker (§6) decides OPEN or DEFERRED.
 * Economic terms come from the loan's registration version, procedural ones from the report date.
 */
@Injectable()
export class OpenClaimHandler {
  async execute(ctx: PoolContext, d: DefaultReported): Promise<EventOutcome> {
    if ((await findClaimByDefault(ctx.uow, d.defaultId)) !== undefined) return APPLIED;
    // One bank at a time: the annual cap and the NPL ratio read the bank's other claims and loans.
    await lockBank(ctx.uow, d.bankId);
    if ((await findClaimByDefault(ctx.uow, d.defaultId)) !== undefined) return APPLIED;

    const loan = await findLoan(ctx.uow, d.loanId);
    if (loan === undefined) return { kind: 'parked', reason: `LOAN_UNKNOWN: ${d.loanId}` };
    const live = await liveClaimOfLoan(ctx.uow, d.loanId);
    if (live !== undefined) {
      throw new Error(
        `loan ${d.loanId} already has live claim ${live.claimId} (default ${live.defaultId}); default ${d.defaultId} cannot open another`,
      );
    }
    const terms = await termsFor(ctx.uow, loan, d.reportedOn);
    if (!terms.ok) return { kind: 'parked', reason: terms.reason };
    const split = resolveSplit(terms.economic, loan.townCode);
    const fundIds = split.map((s) => s.fundId);
    const existing = await existingFundIds(ctx.uow, fundIds);
    const missing = fundIds.filter((f) => !existing.has(f));
    if (missing.length > 0) return { kind: 'parked', reason: `FUND_UNKNOWN: ${missing.join(',')}` };

    const outstandingAtDefaultFen = BigInt(d.outstandingAtDefaultFen);
    // docs/domain.md §8.3: default-events accepted these only within the loan's policy limits.
    const accruedInterestFen = BigInt(d.accruedInterestFen ?? '0');
    const costsFen = BigInt(d.costsFen ?? '0');
    await updateLoan(ctx.uow, loan.loanId, { status: 'DEFAULTED', outstandingAtDefaultFen });
    const exposure = await bankExposure(ctx.uow, loan.bankId);
    const breaker = nplBreakerDecision({
      defaultedExposureFen: exposure.defaultedFen,
      totalExposureFen: exposure.totalFen,
      nplBreakerBp: terms.procedural.nplBreakerBp,
    });
    const usedFen = await annualPoolUsed(ctx.uow, loan.bankId, calendarYearOf(d.reportedOn), null);
    const allocation = allocateClaim({
      basisFen: lossAtDefaultFen({ outstandingAtDefaultFen, accruedInterestFen, costsFen }),
      originalPrincipalFen: loan.principalFen,
      flags: loan.flags,
      townCode: loan.townCode,
      economic: terms.economic,
      procedural: terms.procedural,
      bankPoolUsedThisYearFen: usedFen,
      ...(await programmeInputs(ctx.uow, loan, terms.procedural, null)),
    });

    const moves = await FundMoves.lock(ctx, fundIds);
    // Taken under the fund locks: claim numbers follow the order in which funds were held.
    const claimNo = await nextClaimNo(ctx.uow);
    const claimId = uuidv7();
    const status = breaker.trip ? 'DEFERRED' : 'OPEN';
    await insertClaim(ctx.uow, {
      claimId,
      claimNo,
      defaultId: d.defaultId,
      loanId: loan.loanId,
      bankId: loan.bankId,
      townCode: loan.townCode,
      status,
      openedOn: d.reportedOn,
      outstandingAtDefaultFen,
      accruedInterestFen,
      costsFen,
      allocation,
      breakerTripped: breaker.trip,
    });
    const held = new Map<string, bigint>();
    for (const share of allocation.fundShares) {
      const result = reserve(moves.state(share.fundId), claimId, share.shareFen);
      moves.set(result.fund);
      held.set(share.fundId, result.heldFen);
    }
    await moves.save();
    const parts = await claimParts(ctx.uow, [claimId]);

    publish(ctx, Topics.claimOpened, loan.loanId, {
      claimId,
      loanId: loan.loanId,
      bankId: loan.bankId,
      defaultId: d.defaultId,
      townCode: loan.townCode,
      status,
      openedOn: d.reportedOn,
      basisFen: allocation.basisFen.toString(),
      rateBp: allocation.rateBp,
      poolFen: allocation.poolFen.toString(),
      capsApplied: [...allocation.capReasons],
      shares: sharesOf(parts),
      bankShareFen: allocation.bankShareFen.toString(),
      economicPolicyVersionId: allocation.economicPolicyVersionId,
      proceduralPolicyVersionId: allocation.proceduralPolicyVersionId,
      ...programmeFieldsOf(allocation, accruedInterestFen, costsFen),
    });
    for (const share of allocation.fundShares) {
      publishHoldPlaced(ctx, {
        fundId: share.fundId,
        claimId,
        loanId: loan.loanId,
        amountFen: held.get(share.fundId) ?? 0n,
        cause: 'CLAIM_OPENED',
      });
    }
    await addHistory(ctx.uow, claimId, {
      action: 'OPENED',
      actor: ctx.actor,
      businessDate: d.reportedOn,
      detail: {
        defaultId: d.defaultId,
        status,
        basisFen: allocation.basisFen,
        rateBp: allocation.rateBp,
        poolFen: allocation.poolFen,
        capsApplied: allocation.capReasons,
        usedThisYearFen: usedFen,
      },
    });
    if (breaker.trip) {
      publish(ctx, Topics.breakerTripped, loan.bankId, {
        bankId: loan.bankId,
        claimId,
        defaultedExposureFen: exposure.defaultedFen.toString(),
        totalExposureFen: exposure.totalFen.toString(),
        thresholdBp: breaker.nplBreakerBp,
        policyVersionId: terms.procedural.versionId,
        trippedOn: d.reportedOn,
      });
      await addHistory(ctx.uow, claimId, {
        action: 'BREAKER_TRIPPED',
        actor: ctx.actor,
        businessDate: d.reportedOn,
        detail: {
          defaultedExposureFen: exposure.defaultedFen,
          totalExposureFen: exposure.totalFen,
          nplRatioBpFloor: breaker.nplRatioBpFloor,
          thresholdBp: breaker.nplBreakerBp,
        },
      });
    }
    return APPLIED;
  }
}
