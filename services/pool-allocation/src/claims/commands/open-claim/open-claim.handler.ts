import { Injectable } from '@nestjs/common';
import { EventData, Topics, uuidv7 } from '@riskpool/contracts';
import {
  allocateClaim,
  calendarYearOf,
  claimOpensAtDefault,
  lossAtDefaultFen,
  lowerBasisByRecovery,
  nplBreakerDecision,
  reserve,
  resolveSplit,
} from '@riskpool/domain';
import { FundMoves, publishHoldPlaced } from '../../../funds/fund-moves';
import { PoolContext, publish } from '../../../shared/pool-context';
import {
  bankExposure,
  findLoan,
  lockBank,
  updateLoan,
} from '../../../loans/persistence/loan.repository';
import { existingFundIds } from '../../../funds/persistence/fund.repository';
import { termsFor } from '../../../policies/policy-terms';

import {
  addHistory,
  claimParts,
  findClaim,
  insertClaim,
  liveClaimOfLoan,
  nextClaimNo,
  poolUsed,
  setRecovered,
} from '../../persistence/claim.repository';
import {
  findAwaitingClaim,
  insertAwaitingClaim,
  setAwaitingStatus,
} from '../../persistence/awaiting-claim.repository';
import { insertRecovery } from '../../persistence/money-record.repository';
import { allocationFieldsOf, APPLIED, EventOutcome } from '../../shared-claim';
import { programmeInputs } from '../programme-inputs';

export type DefaultReported = EventData<typeof Topics.defaultReported>;
export type RecoveryClosed = EventData<typeof Topics.recoveryClosed>;

/** What a claim opens from: the default's loss, when, and (after recovery) what was recovered. */
interface Opening {
  readonly defaultId: string;
  readonly loanId: string;
  readonly bankId: string;
  /** The default report's date, or the recovery declaration's (docs/domain.md §8.5). */
  readonly openedOn: string;
  readonly outstandingAtDefaultFen: bigint;
  readonly accruedInterestFen: bigint;
  readonly costsFen: bigint;
  /** Net recoveries before the claim opened, taken off the basis; 0 at a default report. */
  readonly recoveredFen: bigint;
  readonly claimId: string;
  /** The breaker's verdict at the default report, when it was taken then (after recovery). */
  readonly breakerTripped?: boolean;
}

/**
 * docs/domain.md §5 on an accepted default (under AFTER_RECOVERY, §8.5, on the bank's recovery
 * declaration instead): basis, rate, caps, split, bank share; each fund's share held
 * (or queued behind what the fund already owes); the NPL breaker (§6) decides OPEN or DEFERRED.
 * Economic terms come from the loan's registration version, procedural ones from the report date.
 */
@Injectable()
export class OpenClaimHandler {
  async execute(ctx: PoolContext, d: DefaultReported): Promise<EventOutcome> {
    const opening: Opening = {
      defaultId: d.defaultId,
      loanId: d.loanId,
      bankId: d.bankId,
      openedOn: d.reportedOn,
      outstandingAtDefaultFen: BigInt(d.outstandingAtDefaultFen),
      // docs/domain.md §8.3: default-events accepted these only within the loan's policy limits.
      accruedInterestFen: BigInt(d.accruedInterestFen ?? '0'),
      costsFen: BigInt(d.costsFen ?? '0'),
      recoveredFen: 0n,
      claimId: uuidv7(),
    };
    return this.open(ctx, opening, true);
  }

  /**
   * docs/domain.md §8.5: the bank declared recovery finished; the waiting claim opens on the basis
   * left after the recoveries counted in the declaration, DEFERRED if the breaker tripped at the
   * default report. Those recoveries are recorded as taken, so their own events change nothing.
   */
  async openAfterRecovery(ctx: PoolContext, r: RecoveryClosed): Promise<EventOutcome> {
    await lockBank(ctx.uow, r.bankId);
    const wait = await findAwaitingClaim(ctx.uow, r.defaultId);
    if (wait === undefined) return { kind: 'parked', reason: `DEFAULT_UNKNOWN: ${r.defaultId}` };
    if (wait.status !== 'WAITING') return APPLIED;
    const outcome = await this.open(
      ctx,
      {
        defaultId: wait.defaultId,
        loanId: wait.loanId,
        bankId: wait.bankId,
        openedOn: r.closedOn,
        outstandingAtDefaultFen: wait.outstandingAtDefaultFen,
        accruedInterestFen: wait.accruedInterestFen,
        costsFen: wait.costsFen,
        recoveredFen: BigInt(r.netRecoveredFen),
        claimId: wait.claimId,
        breakerTripped: wait.breakerTripped,
      },
      false,
    );
    if (outcome.kind !== 'applied') return outcome;
    await setAwaitingStatus(ctx.uow, wait.defaultId, 'OPENED');
    for (const recoveryId of r.recoveryIds)
      await insertRecovery(ctx.uow, {
        recoveryId,
        loanId: wait.loanId,
        defaultId: wait.defaultId,
        claimId: wait.claimId,
        // Counted in the declaration's total, not one by one.
        netFen: 0n,
        treatment: 'LOWER_BASIS',
        recoveredOn: r.closedOn,
        detail: { countedAtRecoveryClose: true, netRecoveredFen: r.netRecoveredFen },
      });
    if (BigInt(r.netRecoveredFen) > 0n)
      await setRecovered(ctx.uow, wait.claimId, 'before', BigInt(r.netRecoveredFen));
    return APPLIED;
  }

  /**
   * Opens the claim (or, at a default report of an AFTER_RECOVERY loan, records the wait). At a
   * default report the breaker is evaluated now; after recovery its verdict then is used.
   */
  private async open(ctx: PoolContext, d: Opening, atReport: boolean): Promise<EventOutcome> {
    if ((await findClaim(ctx.uow, { defaultId: d.defaultId })) !== undefined) return APPLIED;
    // One bank at a time: the annual cap and the NPL ratio read the bank's other claims and loans.
    await lockBank(ctx.uow, d.bankId);
    if ((await findClaim(ctx.uow, { defaultId: d.defaultId })) !== undefined) return APPLIED;
    if (atReport && (await findAwaitingClaim(ctx.uow, d.defaultId)) !== undefined) return APPLIED;

    const loan = await findLoan(ctx.uow, d.loanId);
    if (loan === undefined) return { kind: 'parked', reason: `LOAN_UNKNOWN: ${d.loanId}` };
    const live = await liveClaimOfLoan(ctx.uow, d.loanId);
    if (live !== undefined) {
      throw new Error(
        `loan ${d.loanId} already has live claim ${live.claimId} (default ${live.defaultId}); default ${d.defaultId} cannot open another`,
      );
    }
    const terms = await termsFor(ctx.uow, loan, d.openedOn);
    if (!terms.ok) return { kind: 'parked', reason: terms.reason };
    const split = resolveSplit(terms.economic, loan.townCode);
    const fundIds = split.map((s) => s.fundId);
    const existing = await existingFundIds(ctx.uow, fundIds);
    const missing = fundIds.filter((f) => !existing.has(f));
    if (missing.length > 0) return { kind: 'parked', reason: `FUND_UNKNOWN: ${missing.join(',')}` };

    const { outstandingAtDefaultFen, accruedInterestFen, costsFen } = d;
    if (atReport)
      await updateLoan(ctx.uow, loan.loanId, { status: 'DEFAULTED', outstandingAtDefaultFen });
    const exposure = await bankExposure(ctx.uow, loan.bankId);
    const breaker =
      d.breakerTripped === undefined
        ? nplBreakerDecision({
            defaultedExposureFen: exposure.defaultedFen,
            totalExposureFen: exposure.totalFen,
            nplBreakerBp: terms.procedural.nplBreakerBp,
          })
        : undefined;
    const tripped = breaker?.trip ?? d.breakerTripped ?? false;
    if (atReport && !claimOpensAtDefault(terms.economic)) {
      // docs/domain.md §8.5: the loan is DEFAULTED and waits for the bank's recovery declaration.
      await insertAwaitingClaim(ctx.uow, {
        defaultId: d.defaultId,
        claimId: d.claimId,
        loanId: loan.loanId,
        bankId: loan.bankId,
        reportedOn: d.openedOn,
        outstandingAtDefaultFen,
        accruedInterestFen,
        costsFen,
        breakerTripped: tripped,
      });
      if (breaker?.trip === true)
        publish(ctx, Topics.breakerTripped, loan.bankId, {
          bankId: loan.bankId,
          claimId: d.claimId,
          defaultedExposureFen: exposure.defaultedFen.toString(),
          totalExposureFen: exposure.totalFen.toString(),
          thresholdBp: breaker.nplBreakerBp,
          policyVersionId: terms.procedural.versionId,
          trippedOn: d.openedOn,
        });
      return APPLIED;
    }
    const usedFen = await poolUsed(ctx.uow, {
      bankId: loan.bankId,
      year: calendarYearOf(d.openedOn),
      exceptClaimId: null,
    });
    const lossFen = lossAtDefaultFen({ outstandingAtDefaultFen, accruedInterestFen, costsFen });
    const allocation = allocateClaim({
      basisFen: lowerBasisByRecovery(lossFen, d.recoveredFen).basisFen,
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
    const claimId = d.claimId;
    const status = tripped ? 'DEFERRED' : 'OPEN';
    await insertClaim(ctx.uow, {
      claimId,
      claimNo,
      defaultId: d.defaultId,
      loanId: loan.loanId,
      bankId: loan.bankId,
      townCode: loan.townCode,
      status,
      openedOn: d.openedOn,
      outstandingAtDefaultFen,
      accruedInterestFen,
      costsFen,
      allocation,
      breakerTripped: tripped,
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
      openedOn: d.openedOn,
      ...allocationFieldsOf(allocation, parts, accruedInterestFen, costsFen),
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
      businessDate: d.openedOn,
      detail: {
        defaultId: d.defaultId,
        status,
        ...(d.recoveredFen > 0n ? { recoveredBeforeOpeningFen: d.recoveredFen } : {}),
        basisFen: allocation.basisFen,
        rateBp: allocation.rateBp,
        poolFen: allocation.poolFen,
        capsApplied: allocation.capReasons,
        usedThisYearFen: usedFen,
      },
    });
    if (breaker?.trip === true) {
      publish(ctx, Topics.breakerTripped, loan.bankId, {
        bankId: loan.bankId,
        claimId,
        defaultedExposureFen: exposure.defaultedFen.toString(),
        totalExposureFen: exposure.totalFen.toString(),
        thresholdBp: breaker.nplBreakerBp,
        policyVersionId: terms.procedural.versionId,
        trippedOn: d.openedOn,
      });
      await addHistory(ctx.uow, claimId, {
        action: 'BREAKER_TRIPPED',
        actor: ctx.actor,
        businessDate: d.openedOn,
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
