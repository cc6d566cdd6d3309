// docs/domain.md §8.3: a default report carries accrued interest and costs under a net-loss
// policy, each at most its limit; over a limit, or any under PRINCIPAL_ONLY, is 400 naming the
// field, and nothing changes.
import { Topics, uuidv7 } from '@riskpool/contracts';
import { bankIdentity, testPolicyVariant } from '@riskpool/testing';
import {
  call,
  loanUnder,
  outboxCount as outboxOf,
  reportBody as report,
  useDefaultEvents,
  waitForLoansAndPolicy,
} from '../support';

const run = uuidv7().slice(-8);
const BANK = `den-${run}-b`;
const NET_LOSS_LOAN = `den-${run}-net`;
const PLAIN_LOAN = `den-${run}-plain`;
// A version of its own, starting far ahead so it governs no action date of any suite: only the
// loan registered under it takes its economic terms.
const NET_LOSS_VERSION = `IT-NETLOSS-${run}`;

const suite = useDefaultEvents([Topics.defaultReported]);
const bank = () => call(suite.service.url, bankIdentity(BANK, '2026-03-01'));

const outboxCount = () => outboxOf(suite.service);

beforeAll(async () => {
  await suite.upstream.send(
    Topics.policyPublished,
    NET_LOSS_VERSION,
    testPolicyVariant(NET_LOSS_VERSION, '2090-01-01', { shareBasis: 'PRINCIPAL_INTEREST_COSTS' }),
  );
  await suite.upstream.loanRegistered(PLAIN_LOAN, BANK, '1000000');
  await loanUnder(suite.upstream, {
    loanId: NET_LOSS_LOAN,
    bankId: BANK,
    policyVersionId: NET_LOSS_VERSION,
  });
  await waitForLoansAndPolicy(suite.service, `den-${run}`, NET_LOSS_VERSION, 2);
});

describe('default-events: a net-loss default report', () => {
  // Limits on 800000 fen at 400 bp, 95 days past due (under maxInterestDays 120):
  // interest (800000 × 400 × 95 + 1825000) div 3650000 = 8329; costs (800000 × 500 + 5000) div 10000 = 40000.
  it('refuses interest one fen over its limit, naming the field; nothing changes', async () => {
    const before = await outboxCount();
    const refused = await bank()
      .post(
        `/loans/${NET_LOSS_LOAN}/defaults`,
        report({ accruedInterestFen: '8330', costsFen: '40000' }),
      )
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'accruedInterestFen', code: 'OVER_LIMIT' }),
    ]);
    const costly = await bank()
      .post(`/loans/${NET_LOSS_LOAN}/defaults`, report({ costsFen: '40001' }))
      .expect(400);
    expect(costly.body.errors).toEqual([
      expect.objectContaining({ field: 'costsFen', code: 'OVER_LIMIT' }),
    ]);
    expect(await outboxCount()).toBe(before);
  });

  it('refuses any interest or costs on a principal-only loan', async () => {
    const refused = await bank()
      .post(`/loans/${PLAIN_LOAN}/defaults`, report({ costsFen: '1' }))
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'costsFen', code: 'NOT_COUNTED_UNDER_PRINCIPAL_ONLY' }),
    ]);
  });

  it('accepts both at their limits and carries them on pool.default-reported', async () => {
    const accepted = await bank()
      .post(
        `/loans/${NET_LOSS_LOAN}/defaults`,
        report({ accruedInterestFen: '8329', costsFen: '40000' }),
      )
      .expect(201);
    expect(accepted.body).toMatchObject({ accruedInterestFen: '8329', costsFen: '40000' });
    const [event] = await suite.reader.waitForEvent(NET_LOSS_LOAN, Topics.defaultReported);
    expect(event?.data).toMatchObject({
      outstandingAtDefaultFen: '800000',
      accruedInterestFen: '8329',
      costsFen: '40000',
    });
  });
});
