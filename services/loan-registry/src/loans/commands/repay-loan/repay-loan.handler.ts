import { Injectable } from '@nestjs/common';
import { createEvent, Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { formatFen, parseFen, repaymentProblem } from '@riskpool/domain';
import { Problems, requestContext } from '@riskpool/service-kit';
import { LoanCodes } from '../../loan-problems';
import { LoanStatus } from '../../loan.model';
import { LoanRepository } from '../../persistence/loan.repository';
import { SERVICE_NAME } from '../register-loan/register-loans.handler';

export interface RepaymentResult {
  readonly repaymentId: string;
  readonly loanId: string;
  readonly amountFen: string;
  readonly outstandingFen: string;
  readonly status: LoanStatus;
  readonly repaidOn: string;
}

/** docs/domain.md §4.2: a repayment while REGISTERED lowers outstanding; at zero the loan is CLOSED. */
@Injectable()
export class RepayLoanHandler {
  constructor(private readonly loans: LoanRepository) {}

  async repay(
    identity: Identity,
    loanId: string,
    amount: string,
    uow: UnitOfWork,
  ): Promise<RepaymentResult> {
    const loan = await this.loans.find(uow.manager, loanId, true);
    // Another bank's loan answers exactly like a missing one, so ids cannot be probed.
    if (loan === undefined || loan.bankId !== identity.scope)
      throw Problems.notFound(`Loan ${loanId}`);
    if (loan.status !== 'REGISTERED')
      throw Problems.conflict(
        LoanCodes.notRegistered,
        `Loan ${loanId} is ${loan.status}; repayments are recorded while it is REGISTERED.`,
      );
    const amountFen = parseFen(amount);
    const problem = repaymentProblem(amountFen, loan.outstandingFen);
    if (problem !== undefined)
      throw Problems.unprocessable(
        LoanCodes.repaymentAboveOutstanding,
        `The repayment is more than the ${formatFen(loan.outstandingFen)} fen outstanding.`,
        [{ field: 'amountFen', code: problem, message: 'at most what is outstanding' }],
      );
    const outstandingFen = loan.outstandingFen - amountFen;
    const status: LoanStatus = outstandingFen === 0n ? 'CLOSED' : 'REGISTERED';
    const repaymentId = uuidv7();
    const today = identity.businessDate;
    await this.loans.updateState(uow.manager, loanId, {
      status,
      outstandingFen,
      exposureFen: outstandingFen,
    });
    await this.loans.addExposure(uow.manager, loan.bankId, loan.uscc, -amountFen);
    await this.loans.insertRepayment(uow.manager, {
      repaymentId,
      loanId,
      amountFen,
      outstandingAfterFen: outstandingFen,
      repaidOn: today,
    });
    const correlationId = requestContext.current()?.correlationId ?? identity.requestId;
    const repaid = createEvent({
      topic: Topics.loanRepaid,
      source: SERVICE_NAME,
      subject: loanId,
      correlationId,
      data: {
        loanId,
        bankId: loan.bankId,
        repaymentId,
        amountFen: amountFen.toString(),
        outstandingFen: outstandingFen.toString(),
        repaidOn: today,
      },
    });
    uow.publish(repaid);
    if (status === 'CLOSED')
      uow.publish(
        createEvent({
          topic: Topics.loanClosed,
          source: SERVICE_NAME,
          subject: loanId,
          correlationId,
          causationId: repaid.envelope.id,
          data: { loanId, bankId: loan.bankId, closedOn: today },
        }),
      );
    return {
      repaymentId,
      loanId,
      amountFen: amountFen.toString(),
      outstandingFen: outstandingFen.toString(),
      status,
      repaidOn: today,
    };
  }
}
