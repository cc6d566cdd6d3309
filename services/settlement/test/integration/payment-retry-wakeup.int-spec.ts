// An idle payment runner with LISTEN up sleeps until the next retry falls due (5 s at the most)
// instead of looking every poll interval: the retry of a refused payment is still sent when its
// backoff ends, neither seconds later nor before. Real Kafka and PostgreSQL.
import { Topics } from '@riskpool/contracts';
import { claimApproved, heldShare, newClaim, useHarness } from '../support/harness';

const SCHEMA = 'settlement_retry_wakeup_it';
const BACKOFF_MS = 3_000;
const h = useHarness(SCHEMA, {
  PAYMENT_POLL_INTERVAL_MS: '100',
  SIM_RAIL_FAIL_FIRST_ATTEMPTS: '1',
  PAYMENT_BACKOFF_BASE_MS: String(BACKOFF_MS),
});

describe('the payment runner between attempts', () => {
  it('sends the retry when its backoff ends, not at the 5 s safety net', async () => {
    const ids = newClaim();
    await h.upstream.send(claimApproved(ids, [heldShare('CITY', '700')]));
    await h.events.waitFor(Topics.payoutCompleted, (d) => d.claimId === ids.claimId, 1);
    const calls = await h.query<{ outcome: string; ms: number }>(
      `SELECT c.outcome, (extract(epoch FROM c.called_at - first.called_at) * 1000)::float8 AS ms
       FROM "${SCHEMA}".sim_rail_calls c
       JOIN "${SCHEMA}".payment_instructions i ON i.instruction_id = c.idempotency_key
       CROSS JOIN LATERAL (SELECT min(called_at) AS called_at FROM "${SCHEMA}".sim_rail_calls
                           WHERE idempotency_key = c.idempotency_key) first
       WHERE i.claim_id = $1 ORDER BY c.called_at`,
      [ids.claimId],
    );
    expect(calls).toHaveLength(2);
    const retryAfterMs = calls[1]?.ms ?? 0;
    expect(retryAfterMs).toBeGreaterThanOrEqual(BACKOFF_MS);
    // Woken by the due time: well before the 5 s an idle runner otherwise sleeps.
    expect(retryAfterMs).toBeLessThan(4_500);
  });
});
