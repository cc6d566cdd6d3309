import { Injectable } from '@nestjs/common';
import { EventData, Topics } from '@riskpool/contracts';
import { parseLoanFlagCodes } from '@riskpool/domain';
import { Tx } from '../../../shared/persistence/sql';
import { findLoan, insertLoan, updateLoan } from '../../persistence/loan.repository';

/**
 * The projection of loans pool-allocation needs (docs/domain.md §4): principal, flags, town,
 * registration policy version, and the state and outstanding that make each bank's exposure.
 */
@Injectable()
export class ProjectLoanHandler {
  async registered(tx: Tx, d: EventData<typeof Topics.loanRegistered>): Promise<boolean> {
    const flags = parseLoanFlagCodes(d.flags);
    if (!flags.ok) throw new Error(`loan ${d.loanId} carries unknown flags`);
    return insertLoan(tx, {
      loanId: d.loanId,
      bankId: d.bankId,
      townCode: d.enterprise.townCode,
      principalFen: BigInt(d.principalFen),
      flags: [...flags.codes],
      registrationDate: d.registrationDate,
      policyVersionId: d.policyVersionId,
      // docs/domain.md §8: absent on loans of lenders admitted before kinds and co-sharers.
      institutionKind: d.institutionKind ?? 'BANK',
      coSharers: (d.coSharers ?? []).map((c) => ({ ...c })),
    });
  }

  /**
   * Repayments reduce the outstanding while REGISTERED; at zero the loan is CLOSED. This and the
   * two below answer false when the loan is not projected yet (its registration is on another
   * topic, which may be read later): the caller keeps the event until it is.
   */
  async repaid(tx: Tx, d: EventData<typeof Topics.loanRepaid>): Promise<boolean> {
    const loan = await findLoan(tx, d.loanId);
    if (loan === undefined) return false;
    if (loan.status !== 'REGISTERED') return true;
    const outstandingFen = BigInt(d.outstandingFen);
    await updateLoan(tx, d.loanId, {
      outstandingFen,
      ...(outstandingFen === 0n ? { status: 'CLOSED' as const } : {}),
    });
    return true;
  }

  async closed(tx: Tx, d: EventData<typeof Topics.loanClosed>): Promise<boolean> {
    const loan = await findLoan(tx, d.loanId);
    if (loan === undefined) return false;
    if (loan.status !== 'REGISTERED') return true;
    await updateLoan(tx, d.loanId, { status: 'CLOSED', outstandingFen: 0n });
    return true;
  }

  /** After payout or denial the loan is WRITTEN_OFF: no exposure any more. */
  async writtenOff(tx: Tx, d: EventData<typeof Topics.loanWrittenOff>): Promise<boolean> {
    const loan = await findLoan(tx, d.loanId);
    if (loan === undefined) return false;
    await updateLoan(tx, d.loanId, { status: 'WRITTEN_OFF' });
    return true;
  }
}
