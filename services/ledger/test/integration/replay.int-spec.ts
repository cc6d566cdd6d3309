// Replay (README "Replay"): a live ledger consumes a programme's events from real Kafka (three
// partitions per topic, many topics, a hold that waits for a deposit), then a fresh ledger on an
// empty schema is rebuilt from the topics alone, in the batches the live one's consumption log
// names, and compared with the live one entry for entry and root for root (every tree size, and
// every checkpoint the live ledger signed).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { OutgoingEvent, Topics, uuidv7 } from '@riskpool/contracts';
import { createKafka, EventProducer, silentLogger } from '@riskpool/kafka';
import { RunningService } from '@riskpool/service-kit';
import {
  ensureLedgerKeyFile,
  eventually,
  testInfra,
  testPolicyVariant,
  closeAll,
} from '@riskpool/testing';
import { LedgerConfig } from '../../src/config/ledger.config';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import { readLedgerTopics, replayConsumptionLog } from '../../src/journal/replay';
import {
  connectedProducer,
  fundDeposit,
  holdPlaced,
  payoutCompleted,
  sendEvents,
  startLedger,
  upstreamEvent,
  adminClient,
  claimOpened,
  claimApproved,
} from '../support';

const run = uuidv7().slice(-8);
const LIVE = 'ledger_replay_live';
const REBUILT = 'ledger_replay_rebuilt';
const TOWNS = ['XIAOLAN', 'DONGFENG', 'NANTOU'];
const LOANS = 12;
const signingKey = ensureLedgerKeyFile(mkdtempSync(join(tmpdir(), 'ledger-replay-it-')));

let live: RunningService<LedgerConfig> | undefined;
let rebuilt: RunningService<LedgerConfig> | undefined;
let producer: EventProducer;
let admin: Client;

async function start(schema: string, env: Record<string, string>) {
  return startLedger(schema, `${schema}-${run}`, signingKey.file, {
    LEDGER_CHECKPOINT_EVERY: '5',
    LEDGER_CHECKPOINT_SECONDS: '1',
    // Small batches: many of them, cut differently from the topics' own order.
    LEDGER_BATCH_MAX: '3',
    ...env,
  });
}

const ev = upstreamEvent;
const send = (...events: OutgoingEvent[]) => sendEvents(producer, ...events);
const deposit = (fundId: string, amountFen: string) =>
  fundDeposit(fundId, amountFen, 'fund-manager:CITY');

/** One default's story: opened, two holds, approved, paid from both funds. */
function story(i: number): { opened: OutgoingEvent[]; settled: OutgoingEvent[] } {
  const loanId = `RL${i}-${run}`;
  const claimId = `RC${i}-${run}`;
  const bankId = `B${i % 3}`;
  const town = TOWNS[i % TOWNS.length] as string;
  const fund = `TOWN:${town}`;
  const city = String(100 + i);
  const share = String(100 + i);
  const computation = {
    basisFen: String(2 * (100 + i) * 2),
    rateBp: 5000,
    poolFen: String(2 * (100 + i)),
    capsApplied: [] as [],
    shares: [
      { fundId: 'CITY', shareFen: city, heldFen: city, queuedFen: '0' },
      { fundId: fund, shareFen: share, heldFen: share, queuedFen: '0' },
    ],
    bankShareFen: String(2 * (100 + i)),
    economicPolicyVersionId: 'GZ-2025-v1',
    proceduralPolicyVersionId: 'GZ-2025-v1',
  };
  const hold = (fundId: string, amountFen: string) =>
    holdPlaced(claimId, loanId, fundId, amountFen);
  const payout = (fundId: string, amountFen: string) =>
    payoutCompleted({ claimId, loanId, bankId }, fundId, amountFen);
  return {
    opened: [
      claimOpened(
        { claimId, loanId, bankId },
        { townCode: town, status: 'OPEN', openedOn: '2026-03-01' },
        computation,
      ),
      hold('CITY', city),
      hold(fund, share),
    ],
    settled: [
      claimApproved({ claimId, loanId, bankId }, '2026-03-02', computation),
      payout('CITY', city),
      payout(fund, share),
    ],
  };
}

beforeAll(async () => {
  admin = await adminClient();
  for (const schema of [LIVE, REBUILT])
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  producer = await connectedProducer(`ledger-replay-it-${run}`);
  live = await start(LIVE, {});
}, 180_000);

afterAll(() => closeAll(rebuilt, live, producer, admin));

it('rebuilds from the topics alone a ledger equal to the live one, root for root', async () => {
  const policy = testPolicyVariant('GZ-2025-v1');
  const stories = Array.from({ length: LOANS }, (_, i) => story(i));
  // The city fund is paid in first; the towns' money comes later, so their holds wait (parked)
  // and are posted in whichever batch brings the deposit.
  await send(ev(Topics.policyPublished, 'GZ-2025-v1', policy), deposit('CITY', '100000'));
  for (const s of stories.slice(0, LOANS / 2)) await send(...s.opened);
  await send(...TOWNS.map((town) => deposit(`TOWN:${town}`, '1000')));
  for (const s of stories.slice(LOANS / 2)) await send(...s.opened);
  await send(...TOWNS.map((town) => deposit(`TOWN:${town}`, '5000')));
  // Approvals and payouts interleaved across loans (and so across partitions).
  for (let i = 0; i < LOANS; i += 2)
    await send(...(stories[i]?.settled ?? []), ...(stories[i + 1]?.settled ?? []));

  const liveWriter = (live as RunningService<LedgerConfig>).app.get(LedgerWriter);
  // Each default's 9 entries: the claim's opening (a claim memo), 2 holds, the approval and its
  // claim memo, 2 entries per payout.
  await eventually(
    'every default of the run in the live journal',
    async () => {
      const rows = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${LIVE}".entries WHERE loan_id LIKE $1`,
        [`%-${run}`],
      );
      return rows.rows[0]?.n === LOANS * 9 ? true : undefined;
    },
    120_000,
  );
  await eventually(
    'a checkpoint of every entry',
    async () => {
      const cp = liveWriter.latestCheckpoint;
      return cp !== undefined && cp.treeSize === liveWriter.ledgerState.size ? true : undefined;
    },
    120_000,
  );
  // The ledger really parked holds and read many batches from many partitions.
  // An event whose entry came after the batch that brought it waited (parked) for money.
  const parkedOnce = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${LIVE}".entries e
     JOIN "${LIVE}".consumption_log c ON c.event_id = e.event_id
     WHERE c.journal_size_after < e.seq`,
  );
  expect(parkedOnce.rows[0]?.n).toBeGreaterThan(0);
  const spread = await admin.query<{ batches: number; partitions: number }>(
    `SELECT count(DISTINCT batch_seq)::int AS batches,
            count(DISTINCT topic || '/' || kafka_partition)::int AS partitions
     FROM "${LIVE}".consumption_log`,
  );
  expect(spread.rows[0]?.batches).toBeGreaterThan(10);
  expect(spread.rows[0]?.partitions).toBeGreaterThan(3);
  // The live ledger stops here (the topics are shared with other tests that may still write).
  await (live as RunningService<LedgerConfig>).stop();
  live = undefined;

  // The rebuild: an empty schema, a writer that consumes nothing, fed from the topics.
  rebuilt = await start(REBUILT, { LEDGER_CONSUMER: 'disabled' });
  const rebuiltWriter = rebuilt.app.get(LedgerWriter);
  expect(rebuiltWriter.ledgerState.size).toBe(0n);
  const infra = testInfra();
  const messages = await readLedgerTopics(
    createKafka({
      brokers: infra.brokers,
      clientId: `ledger-replay-read-${run}`,
      logger: silentLogger,
    }),
  );
  const result = await replayConsumptionLog({
    log: liveWriter.repo,
    live: { query: async (sql, parameters) => (await admin.query(sql, parameters)).rows },
    messages,
    writer: rebuiltWriter,
  });
  expect(result.divergedAt).toBeUndefined();
  expect(result.size).toBe(liveWriter.ledgerState.size);

  // Entry for entry: the same canonical bytes, leaf and chain hashes at every seq.
  const entries = async (schema: string) =>
    (
      await admin.query<{ seq: string; leaf: string; chain: string; canonical: string }>(
        `SELECT seq::text, encode(leaf_hash, 'hex') AS leaf, encode(chain_hash, 'hex') AS chain,
                encode(canonical, 'hex') AS canonical
         FROM "${schema}".entries ORDER BY seq`,
      )
    ).rows;
  const [liveRows, rebuiltRows] = [await entries(LIVE), await entries(REBUILT)];
  expect(rebuiltRows.length).toBe(liveRows.length);
  const firstDifference = liveRows.findIndex(
    (row, i) => JSON.stringify(row) !== JSON.stringify(rebuiltRows[i]),
  );
  expect(firstDifference).toBe(-1);
  // Root for root: at every tree size, and each checkpoint the live ledger signed.
  const size = liveWriter.ledgerState.size;
  for (let n = 1n; n <= size; n += 1n)
    expect(rebuiltWriter.ledgerState.rootAt(n).toString('hex')).toBe(
      liveWriter.ledgerState.rootAt(n).toString('hex'),
    );
  const checkpoints = await admin.query<{ size: string; root: string }>(
    `SELECT tree_size::text AS size, root_hash AS root FROM "${LIVE}".checkpoints ORDER BY tree_size`,
  );
  expect(checkpoints.rowCount).toBeGreaterThan(1);
  for (const cp of checkpoints.rows)
    if (BigInt(cp.size) > 0n)
      expect(rebuiltWriter.ledgerState.rootAt(BigInt(cp.size)).toString('hex')).toBe(cp.root);
  expect(rebuiltWriter.ledgerState.chainHashHex).toBe(liveWriter.ledgerState.chainHashHex);
  // The balances follow.
  const balances = async (schema: string) =>
    (
      await admin.query(
        `SELECT account, debits_pending::text, debits_posted::text, credits_pending::text, credits_posted::text
         FROM "${schema}".account_balances ORDER BY account`,
      )
    ).rows;
  expect(await balances(REBUILT)).toEqual(await balances(LIVE));
}, 300_000);
