import { Controller } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Consumed, OnEvent } from '@riskpool/kafka';
import { Loan, LoanStatus } from '../loan.model';
import { LoanRepository } from '../persistence/loan.repository';

/**
 * Exposure follows the credit events (docs/domain.md §4): DEFAULTED counts the outstanding at
 * default, cured counts the outstanding again, COMPENSATED and WRITTEN_OFF count nothing. The
 * bank's and the enterprise's running exposures change by the same difference, under their rows'
 * locks (loan, then bank, then enterprise: the order the HTTP writes use too).
 */
@Controller()
export class CreditEventsConsumer {
  constructor(private readonly loans: LoanRepository) {}

  @OnEvent(Topics.defaultReported)
  async defaultReported(event: Consumed<'defaultReported'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    const loan = await this.loanFor(uow, d.loanId, event.topic);
    const atDefault = BigInt(d.outstandingAtDefaultFen);
    if (loan.status === 'DEFAULTED' && loan.defaultId === d.defaultId) return;
    if (
      (loan.status === 'COMPENSATED' || loan.status === 'WRITTEN_OFF') &&
      loan.defaultId === d.defaultId
    ) {
      // The claim's approval overtook this report (see claimApproved): only the figure is new.
      if (loan.outstandingAtDefaultFen === null)
        await this.move(uow, loan, {
          status: loan.status,
          outstandingFen: loan.outstandingFen,
          exposureFen: loan.exposureFen,
          defaultId: d.defaultId,
          outstandingAtDefaultFen: atDefault,
        });
      return;
    }
    this.expect(loan, ['REGISTERED'], event.topic);
    await this.move(uow, loan, {
      status: 'DEFAULTED',
      outstandingFen: loan.outstandingFen,
      exposureFen: atDefault,
      defaultId: d.defaultId,
      outstandingAtDefaultFen: atDefault,
    });
  }

  @OnEvent(Topics.defaultCured)
  async defaultCured(event: Consumed<'defaultCured'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    const loan = await this.loanFor(uow, d.loanId, event.topic);
    if (loan.status === 'REGISTERED' && loan.defaultId === null) return;
    this.expect(loan, ['DEFAULTED'], event.topic);
    const outstanding = BigInt(d.outstandingFen);
    await this.move(uow, loan, {
      status: 'REGISTERED',
      outstandingFen: outstanding,
      exposureFen: outstanding,
      defaultId: null,
      outstandingAtDefaultFen: null,
    });
  }

  @OnEvent(Topics.claimApproved)
  async claimApproved(event: Consumed<'claimApproved'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    const loan = await this.loanFor(uow, d.loanId, event.topic);
    if (loan.status === 'COMPENSATED' || loan.status === 'WRITTEN_OFF') return;
    // Topics are not ordered among each other: the approval can overtake the report of its
    // default (this service down or behind on one topic while both were published). An approved
    // claim means that default was reported, so a loan still REGISTERED goes straight to
    // COMPENSATED with the claim's default id, and the late report only adds its figure.
    const overtook = loan.status === 'REGISTERED' && loan.defaultId === null;
    if (!overtook) this.expect(loan, ['DEFAULTED'], event.topic);
    await this.move(uow, loan, {
      status: 'COMPENSATED',
      outstandingFen: loan.outstandingFen,
      exposureFen: 0n,
      ...(overtook ? { defaultId: d.defaultId, outstandingAtDefaultFen: null } : {}),
    });
  }

  /** The claim of a default: the loan carries its id while that default is the current one. */
  @OnEvent(Topics.claimOpened)
  async claimOpened(event: Consumed<'claimOpened'>, uow: UnitOfWork): Promise<void> {
    const d = event.envelope.data;
    if (!(await this.loans.setClaim(uow.manager, d.loanId, d)))
      throw new Error(`${event.topic} for unknown loan ${d.loanId}`);
  }

  @OnEvent(Topics.loanWrittenOff)
  async loanWrittenOff(event: Consumed<'loanWrittenOff'>, uow: UnitOfWork): Promise<void> {
    const loan = await this.loanFor(uow, event.envelope.data.loanId, event.topic);
    if (loan.status === 'WRITTEN_OFF') return;
    this.expect(loan, ['DEFAULTED', 'COMPENSATED'], event.topic);
    await this.move(uow, loan, {
      status: 'WRITTEN_OFF',
      outstandingFen: loan.outstandingFen,
      exposureFen: 0n,
    });
  }

  private async loanFor(uow: UnitOfWork, loanId: string, topic: string): Promise<Loan> {
    const loan = await this.loans.find(uow.manager, loanId, true);
    // Credit events are about loans this service registered and published before: an unknown
    // loan can never apply here, so the event goes to the dead-letter topic (not lost).
    if (loan === undefined) throw new Error(`${topic} for unknown loan ${loanId}`);
    return loan;
  }

  private expect(loan: Loan, allowed: readonly LoanStatus[], topic: string): void {
    if (!allowed.includes(loan.status))
      throw new Error(`${topic} does not apply to loan ${loan.loanId} in state ${loan.status}`);
  }

  private async move(
    uow: UnitOfWork,
    loan: Loan,
    change: Parameters<LoanRepository['updateState']>[2],
  ): Promise<void> {
    await this.loans.updateState(uow.manager, loan.loanId, change);
    await this.loans.addExposure(
      uow.manager,
      loan.bankId,
      loan.uscc,
      change.exposureFen - loan.exposureFen,
    );
  }
}
