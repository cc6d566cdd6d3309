import { Kafka } from '@riskpool/kafka/client';
import { Topics, uuidv7 } from '@riskpool/contracts';
import { createKafka, silentLogger } from '@riskpool/kafka';
import { RunningService } from '@riskpool/service-kit';
import {
  freePorts,
  killAll,
  type ServiceProcess,
  spawnServiceProcess,
  testInfra,
  testServiceEnv,
} from '@riskpool/testing';
import { SettlementConfig } from '../../src/config/settlement.config';
import {
  claimApproved,
  EventLog,
  heldShare,
  startSettlement,
  Upstream,
  waitFor,
} from '../support/harness';

// The child runs the real main.ts, so it uses the service's own schema and consumer group.
const SCHEMA = 'settlement';
let kafka: Kafka;
let upstream: Upstream;
let events: EventLog;
let child: ServiceProcess | undefined;
let service: RunningService<SettlementConfig> | undefined;

beforeAll(async () => {
  kafka = createKafka({
    brokers: testInfra().brokers,
    clientId: 'settlement-crash-test',
    logger: silentLogger,
  });
  upstream = new Upstream(kafka);
  events = new EventLog(kafka);
  await events.start();
});

afterAll(async () => {
  killAll([child]);
  await service?.stop();
  await upstream.close();
  await events.stop();
});

describe('killing settlement mid-payment', () => {
  it('pays nothing twice: the restarted service finds the payment made and records it once', async () => {
    const [port] = await freePorts(1);
    child = spawnServiceProcess(
      'services/settlement/src/main.ts',
      await testServiceEnv({
        LOG_LEVEL: 'warn',
        PORT: String(port),
        PAYMENT_POLL_INTERVAL_MS: '100',
        // The rail books the payments, then takes 6 s to answer: the kill falls in between.
        // A claimed instruction is leased for 8 s: then a restarted runner may send it again.
        SIM_RAIL_DELAY_MS: '6000',
        PAYMENT_CALL_TIMEOUT_MS: '7000',
        PAYMENT_LEASE_MS: '8000',
      }),
    );
    const { output } = child;
    await waitFor('the child to listen', async () =>
      output().includes('listening on') ? true : undefined,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${output()}`);
    });

    const run = uuidv7();
    const ids = { claimId: `C-${run}`, loanId: `L-${run}`, bankId: 'B1', defaultId: `D-${run}` };
    await upstream.send(
      claimApproved(ids, [heldShare('CITY', '135000000'), heldShare('TOWN:XIAOLAN', '135000000')]),
    );

    // Wait for the worst moment: the rail has moved the money, our books still say SENDING.
    const { Client } = await import('pg');
    const db = new Client({ connectionString: testInfra().databaseUrl });
    await db.connect();
    const state = async () =>
      (
        await db.query<{ instruction_id: string; status: string; booked: boolean }>(
          `SELECT i.instruction_id, i.status, (p.idempotency_key IS NOT NULL) AS booked
           FROM "${SCHEMA}".payment_instructions i
           LEFT JOIN "${SCHEMA}".sim_rail_payments p ON p.idempotency_key = i.instruction_id
           WHERE i.claim_id = $1 ORDER BY i.seq`,
          [ids.claimId],
        )
      ).rows;
    try {
      await waitFor('both payments booked by the rail, unrecorded by settlement', async () => {
        const rows = await state();
        return rows.length === 2 && rows.every((r) => r.booked && r.status === 'SENDING')
          ? true
          : undefined;
      });
      child.child.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      expect((await state()).map((r) => r.status)).toEqual(['SENDING', 'SENDING']);

      // Restart in-process: once the dead runner's lease runs out, the instructions are sent
      // again with the same idempotency keys and the rail answers "already paid".
      service = await startSettlement(SCHEMA, {}, 'settlement');
      await waitFor('both instructions paid', async () => {
        const rows = await state();
        return rows.every((r) => r.status === 'PAID') ? true : undefined;
      });

      const calls = await db.query<{ outcome: string; n: number }>(
        `SELECT c.outcome, count(*)::int AS n FROM "${SCHEMA}".sim_rail_calls c
         JOIN "${SCHEMA}".payment_instructions i ON i.instruction_id = c.idempotency_key
         WHERE i.claim_id = $1 GROUP BY c.outcome ORDER BY c.outcome`,
        [ids.claimId],
      );
      expect(calls.rows).toEqual([
        { outcome: 'ALREADY_PAID', n: 2 },
        { outcome: 'PAID', n: 2 },
      ]);
      const completed = await events.waitFor(
        Topics.payoutCompleted,
        (d) => d.claimId === ids.claimId,
        2,
      );
      // A sentinel paid after the restart: by then any duplicate would have been published.
      const sentinel = { ...ids, claimId: `S-${run}`, loanId: `SL-${run}` };
      await upstream.send(claimApproved(sentinel, [heldShare('CITY', '1')]));
      await events.waitFor(Topics.payoutCompleted, (d) => d.claimId === sentinel.claimId);
      expect(events.of(Topics.payoutCompleted, (d) => d.claimId === ids.claimId)).toHaveLength(2);
      expect(new Set(completed.map((e) => e.data.payoutId)).size).toBe(2);
      const instructions = await db.query(
        `SELECT 1 FROM "${SCHEMA}".payment_instructions WHERE claim_id = $1`,
        [ids.claimId],
      );
      expect(instructions.rowCount).toBe(2);
    } finally {
      await db.end();
    }
  }, 180_000);
});
