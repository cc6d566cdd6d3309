// One batch holds both an event and what it waits for, the waiting one first (topics are not
// ordered with each other): a payout read before the hold it posts, a hold read before the
// deposit that funds it. The writer applies the whole batch instead of parking the early ones
// until some later event arrives, which in a quiet programme may be never.
import { OutgoingEvent, Topics, uuidv7 } from '@riskpool/contracts';
import { testPolicyVariant } from '@riskpool/testing';
import { ledgerInputOf } from '../../src/journal/ledger-batch.consumer';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import {
  claimApproved,
  claimOpened,
  fundDeposit,
  holdPlaced,
  payoutCompleted,
  upstreamEvent,
  useLedger,
} from '../support';

const run = uuidv7().slice(-8);
const ledger = useLedger('ledger_parked_batch', `ledger-parked-batch-${run}`, {
  LOG_LEVEL: 'warn',
});

it('applies in one batch a payout and a hold read before what they need', async () => {
  const writer = ledger.service.app.get(LedgerWriter);
  const claim = { claimId: `CB-${run}`, loanId: `LB-${run}`, bankId: 'B1' };
  const computation = {
    basisFen: '400',
    rateBp: 5000,
    poolFen: '200',
    capsApplied: [] as [],
    shares: [{ fundId: 'CITY', shareFen: '200', heldFen: '200', queuedFen: '0' }],
    bankShareFen: '200',
    economicPolicyVersionId: 'GZ-2025-v1',
    proceduralPolicyVersionId: 'GZ-2025-v1',
  };
  const asInput = (e: OutgoingEvent) =>
    ledgerInputOf({ topic: e.topic, partition: 0, offset: '0', envelope: e.envelope });
  await writer.applyBatch([
    asInput(upstreamEvent(Topics.policyPublished, 'GZ-2025-v1', testPolicyVariant('GZ-2025-v1'))),
  ]);

  const summary = await writer.applyBatch(
    [
      claimOpened(
        claim,
        { townCode: 'XIAOLAN', status: 'OPEN', openedOn: '2026-03-01' },
        computation,
      ),
      claimApproved(claim, '2026-03-02', computation),
      payoutCompleted(claim, 'CITY', '200'),
      holdPlaced(claim.claimId, claim.loanId, 'CITY', '200'),
      fundDeposit('CITY', '1000'),
    ].map(asInput),
  );

  expect(summary).toMatchObject({ parked: 0, rejected: 0, conflicts: 0 });
  expect(writer.parkedCount).toBe(0);
  const posted = await ledger.admin.query<{ event_type: string }>(
    `SELECT event_type FROM "ledger_parked_batch".entries ORDER BY seq`,
  );
  expect(posted.rows.map((r) => r.event_type)).toEqual(
    expect.arrayContaining([Topics.fundDeposited, Topics.holdPlaced, Topics.payoutCompleted]),
  );
});
