// The payment runner is woken by PostgreSQL's NOTIFY when an instruction is created: with its
// poll ten minutes away, an approved claim is still paid within seconds. Real Kafka and PostgreSQL.
import { Topics } from '@riskpool/contracts';
import { claimApproved, heldShare, newClaim, waitFor, useHarness } from '../support/harness';

const SCHEMA = 'settlement_wakeup_it';
const h = useHarness(SCHEMA, { PAYMENT_POLL_INTERVAL_MS: '600000' });

describe('the payment runner, woken by NOTIFY', () => {
  it('pays an approved claim at once though its next poll is ten minutes away', async () => {
    for (const n of [1, 2]) {
      const ids = newClaim();
      await h.upstream.send(claimApproved(ids, [heldShare('CITY', `${n}00`)]));
      const completed = await h.events.waitFor(
        Topics.payoutCompleted,
        (d) => d.claimId === ids.claimId,
        1,
      );
      expect(completed[0]?.data).toMatchObject({ fundId: 'CITY', amountFen: `${n}00` });
      const rows = await waitFor('the instruction paid', async () => {
        const r = await h.query<{ status: string }>(
          `SELECT status FROM "${SCHEMA}".payment_instructions WHERE claim_id = $1`,
          [ids.claimId],
        );
        return r.length === 1 && r[0]?.status === 'PAID' ? r : undefined;
      });
      expect(rows).toEqual([{ status: 'PAID' }]);
    }
  });
});
