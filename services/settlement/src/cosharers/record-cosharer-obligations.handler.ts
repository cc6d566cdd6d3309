import { Logger } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { addDays, parseBusinessDate } from '@riskpool/domain';
import { applyCumulativeOwed } from '../remittances/domain/cumulative-owed';
import { RemittanceRepository } from '../remittances/persistence/remittance.repository';
import { CosharerObligationRepository } from './persistence/cosharer-obligation.repository';
import { SchemaHandler } from '../shared/schema-handler';

type Approved = EventData<typeof Topics.claimApproved>;
type RecoveryShared = EventData<typeof Topics.recoveryShared>;

/** docs/domain.md §3: the default `remitWithinDays`, when no version is known for the date. */
const DEFAULT_REMIT_WITHIN_DAYS = 30;

/**
 * What co-sharers and lenders owe each other (docs/domain.md §8.4), tracked like remittances:
 *
 * - an approved claim makes each co-sharer owe the lender its share (`CLAIM_SHARE`, payer
 *   `COSHARER`), due `remitWithinDays` (of the version in force on the approval date) after it;
 * - a recovery after payout makes the lender owe each co-sharer its part (`RECOVERY`, payer
 *   `LENDER`), netted on the cumulative figure exactly as the funds' owed amounts are, due on the
 *   recovery event's `dueOn`.
 *
 * Both are unique per source, co-sharer and payer, so a redelivered event adds nothing.
 */
export class RecordCosharerObligationsHandler extends SchemaHandler {
  private readonly logger = new Logger('cosharer-obligations');
  private readonly obligations = new CosharerObligationRepository(this.schema);
  private readonly policies = new RemittanceRepository(this.schema);

  async onClaimApproved(event: ConsumedEvent<Approved>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    const shares = (data.coSharerShares ?? []).filter((c) => BigInt(c.shareFen) > 0n);
    if (shares.length === 0) return;
    const policy = await this.policies.policyInForceOn(uow.manager, data.approvedOn);
    if (policy === undefined)
      this.logger.warn(
        `no policy version known on ${data.approvedOn}: co-sharer shares of claim ${data.claimId} due in ${DEFAULT_REMIT_WITHIN_DAYS} days`,
      );
    const dueOn = addDays(
      parseBusinessDate(data.approvedOn),
      policy?.remitWithinDays ?? DEFAULT_REMIT_WITHIN_DAYS,
    );
    for (const share of shares)
      await this.obligations.insertObligation(uow.manager, {
        claimId: data.claimId,
        loanId: data.loanId,
        bankId: data.bankId,
        partyId: share.partyId,
        payer: 'COSHARER',
        source: 'CLAIM_SHARE',
        sourceRef: data.claimId,
        amountFen: BigInt(share.shareFen),
        settledFen: 0n,
        dueOn,
        policyVersionId: policy?.policyVersionId ?? data.proceduralPolicyVersionId,
      });
  }

  async onRecoveryShared(event: ConsumedEvent<RecoveryShared>, uow: UnitOfWork): Promise<void> {
    const data = event.envelope.data;
    if (data.coSharerOwed === undefined || data.coSharerOwed.length === 0) return;
    await this.lock(uow, 'cosharer-recovery', data.claimId);
    const cumulativeNet = BigInt(data.cumulativeNetFen);
    for (const owed of data.coSharerOwed) {
      const party = { claimId: data.claimId, partyId: owed.partyId };
      const applied = await applyCumulativeOwed(
        {
          ...this.obligations.positions.of(uow.manager, {
            ...party,
            creditorId: party.partyId,
            loanId: data.loanId,
            bankId: data.bankId,
          }),
          insertOwed: (amountFen, settledFen) =>
            this.obligations.insertObligation(uow.manager, {
              ...party,
              loanId: data.loanId,
              bankId: data.bankId,
              payer: 'LENDER',
              source: 'RECOVERY',
              sourceRef: data.recoveryId,
              amountFen,
              settledFen,
              dueOn: data.dueOn,
              policyVersionId: data.policyVersionId,
            }),
          openNewestFirst: () =>
            this.obligations.openObligations(uow.manager, { ...party, payer: 'LENDER' }, true),
          reduceOwed: (r) => this.obligations.reduceObligation(uow.manager, r),
        },
        cumulativeNet,
        BigInt(owed.cumulativeOwedFen),
      );
      if (applied.skipped)
        this.logger.warn(
          `recovery ${data.recoveryId} on claim ${data.claimId} is older than what was applied for ${owed.partyId}: skipped`,
        );
    }
  }
}
