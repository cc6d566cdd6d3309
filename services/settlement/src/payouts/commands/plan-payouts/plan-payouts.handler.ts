import { Logger } from '@nestjs/common';
import { EventData, Topics, uuidv7 } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { compareDates } from '@riskpool/domain';
import { decideFill } from '../../domain/queue-fill';
import {
  ApprovedClaim,
  ApprovedClaimRepository,
  QueueFill,
} from '../../persistence/approved-claim.repository';
import { PaymentInstructionRepository } from '../../persistence/payment-instruction.repository';
import { SchemaHandler } from '../../../shared/schema-handler';

type Approved = EventData<typeof Topics.claimApproved>;
type HoldPlaced = EventData<typeof Topics.holdPlaced>;
type HoldReleased = EventData<typeof Topics.holdReleased>;
type Adjusted = EventData<typeof Topics.claimAdjusted>;

/** A payment instruction id: a UUIDv7 without hyphens (32 characters, fits EndToEndId). */
export function newInstructionId(): string {
  return uuidv7().replace(/-/g, '');
}

/** A new payment instruction's id and the approved claim it pays for. */
function newInstructionOf(claim: ApprovedClaim) {
  return {
    instructionId: newInstructionId(),
    claimId: claim.claimId,
    loanId: claim.loanId,
    defaultId: claim.defaultId,
    bankId: claim.bankId,
  };
}

/**
 * Turns pool-allocation's facts into payment instructions: one per fund share held at approval,
 * one per queued part filled after it. Each instruction is unique per claim, fund and source, so
 * a redelivered or repeated approval, or a repeated hold, creates nothing new.
 */
export class PlanPayoutsHandler extends SchemaHandler {
  private readonly logger = new Logger('plan-payouts');
  private readonly claims = new ApprovedClaimRepository(this.schema);
  private readonly instructions = new PaymentInstructionRepository(this.schema);

  async onClaimApproved(event: ConsumedEvent<Approved>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    await this.lock(uow, 'claim', data.claimId);
    const claim: ApprovedClaim = {
      claimId: data.claimId,
      loanId: data.loanId,
      bankId: data.bankId,
      defaultId: data.defaultId,
      approvedOn: data.approvedOn,
      approvalEventId: event.envelope.id,
      approvalEventTime: new Date(event.envelope.time),
    };
    const fresh = await this.claims.insertClaim(
      uow.manager,
      {
        ...claim,
        basisFen: BigInt(data.basisFen),
        economicPolicyVersionId: data.economicPolicyVersionId,
      },
      data.shares.map((s) => ({
        fundId: s.fundId,
        shareFen: BigInt(s.shareFen),
        heldAtApprovalFen: BigInt(s.heldFen),
        queuedAtApprovalFen: BigInt(s.queuedFen),
        ...(s.filledFen !== undefined ? { filledAtApprovalFen: BigInt(s.filledFen) } : {}),
      })),
    );
    if (!fresh) {
      this.logger.log(`claim ${data.claimId} was approved before: nothing new to pay`);
      return;
    }
    for (const share of data.shares) {
      const held = BigInt(share.heldFen);
      if (held <= 0n) continue;
      await this.instructions.create(uow.manager, {
        ...newInstructionOf(claim),
        fundId: share.fundId,
        source: 'APPROVED_SHARE',
        sourceRef: 'approval',
        amountFen: held,
        requestedOn: claim.approvedOn,
      });
    }
    for (const fill of await this.claims.waitingFills(uow.manager, claim.claimId))
      await this.settleFill(uow, claim, fill);
  }

  async onHoldPlaced(event: ConsumedEvent<HoldPlaced>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    if (data.cause !== 'QUEUE_FILLED') return; // other holds are inside the approved share
    await this.lock(uow, 'claim', data.claimId);
    const fill: QueueFill = {
      holdId: data.holdId,
      claimId: data.claimId,
      loanId: data.loanId,
      fundId: data.fundId,
      amountFen: BigInt(data.amountFen),
      ...(data.filledTotalFen !== undefined ? { filledTotalFen: BigInt(data.filledTotalFen) } : {}),
      eventId: event.envelope.id,
      eventTime: new Date(event.envelope.time),
      placedAt: new Date(data.placedAt),
      state: 'WAITING_FOR_APPROVAL',
    };
    if (!(await this.claims.insertFill(uow.manager, fill))) return;
    const claim = await this.claims.findClaim(uow.manager, data.claimId);
    if (claim !== undefined) await this.settleFill(uow, claim, fill);
  }

  async onHoldReleased(event: ConsumedEvent<HoldReleased>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    // A claim adjusted down may still be approved, and its approval tells which waiting fills it
    // holds; only a denied or withdrawn claim's waiting fills are never paid.
    if (data.reason === 'CLAIM_ADJUSTED') return;
    await this.lock(uow, 'claim', data.claimId);
    await this.claims.releaseWaitingFills(uow.manager, data.holdId);
  }

  async onClaimAdjusted(event: ConsumedEvent<Adjusted>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    await this.claims.recordAdjustment(uow.manager, event.envelope.id, {
      claimId: data.claimId,
      loanId: data.loanId,
      bankId: data.bankId,
      previousBasisFen: data.previousBasisFen,
      basisFen: data.basisFen,
      reason: data.reason,
      adjustedBy: data.adjustedBy,
    });
  }

  private async settleFill(uow: UnitOfWork, claim: ApprovedClaim, fill: QueueFill): Promise<void> {
    const share = await this.claims.findShare(uow.manager, {
      claimId: claim.claimId,
      fundId: fill.fundId,
    });
    const decision = decideFill({
      fill: {
        time: fill.eventTime,
        eventId: fill.eventId,
        amountFen: fill.amountFen,
        ...(fill.filledTotalFen !== undefined ? { filledTotalFen: fill.filledTotalFen } : {}),
      },
      approval: { time: claim.approvalEventTime, eventId: claim.approvalEventId },
      ...(share !== undefined
        ? {
            share: {
              queuedAtApprovalFen: share.queuedAtApprovalFen,
              ...(share.filledAtApprovalFen !== undefined
                ? { filledAtApprovalFen: share.filledAtApprovalFen }
                : {}),
              filledAfterApprovalFen: share.filledAfterApprovalFen,
            },
          }
        : {}),
    });
    if (decision.kind !== 'PAYABLE') {
      if (decision.kind === 'OVER_QUEUED_PART')
        this.logger.warn(
          `hold ${fill.holdId} on claim ${claim.claimId} exceeds the part queued at approval: not paid`,
        );
      await this.claims.setFillState(uow.manager, fill.eventId, decision.kind);
      return;
    }
    await this.claims.setFillState(uow.manager, fill.eventId, 'PAYABLE', decision.payFen);
    await this.claims.addFilledAfterApproval(
      uow.manager,
      claim.claimId,
      fill.fundId,
      decision.payFen,
    );
    const latest = await this.claims.latestBusinessDate(uow.manager);
    const requestedOn =
      latest !== undefined && compareDates(latest, claim.approvedOn) > 0
        ? latest
        : claim.approvedOn;
    await this.instructions.create(uow.manager, {
      ...newInstructionOf(claim),
      fundId: fill.fundId,
      source: 'QUEUE_FILLED',
      sourceRef: fill.eventId,
      holdId: fill.holdId,
      amountFen: decision.payFen,
      requestedOn,
    });
  }
}
