import { UnitOfWork } from '@riskpool/db';
import { ConsumedEvent } from '@riskpool/kafka';
import { Loan } from '../loan.model';
import { LoanRepository } from '../persistence/loan.repository';
import { CreditEventsConsumer } from './credit-events.consumer';

/** The repository's three calls the consumer makes, over one loan and a running exposure. */
function fakeRepository(loan: Loan) {
  const state = { loan, exposureDelta: 0n };
  const repository = {
    find: async () => state.loan,
    updateState: async (
      _m: unknown,
      _id: string,
      change: Parameters<LoanRepository['updateState']>[2],
    ) => {
      state.loan = {
        ...state.loan,
        status: change.status,
        outstandingFen: change.outstandingFen,
        exposureFen: change.exposureFen,
        ...(change.defaultId !== undefined
          ? {
              defaultId: change.defaultId,
              outstandingAtDefaultFen: change.outstandingAtDefaultFen ?? null,
            }
          : {}),
      };
    },
    addExposure: async (_m: unknown, _b: string, _u: string, delta: bigint) => {
      state.exposureDelta += delta;
    },
  };
  return { state, repository: repository as unknown as LoanRepository };
}

const LOAN: Loan = {
  loanId: 'L-1',
  bankId: 'B1',
  bankReference: 'R-1',
  uscc: '91442000MA0000001X',
  enterpriseName: 'E',
  townCode: 'TORCH',
  qualifications: ['HNTE'],
  flags: [],
  principalFen: 1_000_000n,
  outstandingFen: 1_000_000n,
  exposureFen: 1_000_000n,
  annualRateBp: 450,
  disbursementDate: '2026-01-10',
  maturityDate: '2028-01-10',
  termMonths: 24,
  registrationDate: '2026-01-05',
  policyVersionId: 'P-1',
  status: 'REGISTERED',
  defaultId: null,
  outstandingAtDefaultFen: null,
  registeredAt: '2026-01-05T00:00:00.000Z',
  claimId: null,
};

const uow = { manager: {} } as unknown as UnitOfWork;
function event<T>(topic: string, data: T): ConsumedEvent<T> {
  return { topic, envelope: { data } } as unknown as ConsumedEvent<T>;
}
const defaultReported = event('credit.default-reported.v1', {
  loanId: 'L-1',
  defaultId: 'D-1',
  outstandingAtDefaultFen: '900000',
});
const claimApproved = event('pool.claim-approved.v1', {
  loanId: 'L-1',
  defaultId: 'D-1',
  claimId: 'C-1',
});

describe('CreditEventsConsumer: a claim approval and its default report, in either order', () => {
  it('default report, then approval: DEFAULTED, then COMPENSATED with no exposure', async () => {
    const { state, repository } = fakeRepository(LOAN);
    const consumer = new CreditEventsConsumer(repository);
    await consumer.defaultReported(defaultReported as never, uow);
    expect(state.loan).toMatchObject({ status: 'DEFAULTED', exposureFen: 900_000n });
    await consumer.claimApproved(claimApproved as never, uow);
    expect(state.loan).toMatchObject({ status: 'COMPENSATED', exposureFen: 0n, defaultId: 'D-1' });
    expect(state.exposureDelta).toBe(-1_000_000n);
  });

  it('approval first (it overtook the report): the same end state, and the late report changes no exposure', async () => {
    const { state, repository } = fakeRepository(LOAN);
    const consumer = new CreditEventsConsumer(repository);
    await consumer.claimApproved(claimApproved as never, uow);
    expect(state.loan).toMatchObject({ status: 'COMPENSATED', exposureFen: 0n, defaultId: 'D-1' });
    await consumer.defaultReported(defaultReported as never, uow);
    expect(state.loan).toMatchObject({
      status: 'COMPENSATED',
      exposureFen: 0n,
      defaultId: 'D-1',
      outstandingAtDefaultFen: 900_000n,
    });
    expect(state.exposureDelta).toBe(-1_000_000n);
  });

  it('still refuses an approval for a closed loan', async () => {
    const { state, repository } = fakeRepository({ ...LOAN, status: 'CLOSED' });
    const consumer = new CreditEventsConsumer(repository);
    await expect(consumer.claimApproved(claimApproved as never, uow)).rejects.toThrow(
      /does not apply to loan L-1 in state CLOSED/,
    );
    expect(state.loan.status).toBe('CLOSED');
  });
});
