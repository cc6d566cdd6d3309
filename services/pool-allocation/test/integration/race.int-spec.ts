// Fund balances never go negative under concurrency: 50 defaults race for a town fund that can
// cover 10 of them, through Kafka into two instances of the service (one consumer group), and
// again as 50 concurrent transactions in one process.
import { Partitioners } from '@riskpool/kafka/client';
import { envelopeToWire, Topics } from '@riskpool/contracts';
import { runInTransaction } from '@riskpool/db';
import { createKafka, silentLogger } from '@riskpool/kafka';
import { RunningService, startService } from '@riskpool/service-kit';
import { testInfra, testServiceEnv } from '@riskpool/testing';
import { OpenClaimHandler } from '../../src/claims/commands/open-claim/open-claim.handler';
import { PoolAllocationConfig } from '../../src/config/pool-allocation.config';
import { ProjectLoanHandler } from '../../src/loans/commands/project-loan/project-loan.handler';
import { poolAllocationDefinition } from '../../src/pool-allocation.service-definition';
import { eventContext } from '../../src/shared/pool-context';
import {
  admin,
  Api,
  fundPath,
  manager,
  regulator,
  runId,
  Upstream,
  waitFor,
  waitForLoans,
} from './support';

const SCHEMA = 'pool_allocation_race';
const GROUP = 'pool-allocation-race';
const SHARE = 2_000_000n; // 10000000 fen at 4000 bp = 4000000, half per fund
const COUNT = 50;
const COVERED = 10;

interface PartRow {
  claim_id: string;
  claim_no: string;
  default_id: string;
  held_fen: string;
  queued_fen: string;
  queue_seq: number | null;
}

describe('pool-allocation: 50 defaults racing for one town fund', () => {
  const instances: RunningService<PoolAllocationConfig>[] = [];
  const upstream = new Upstream();
  const run = runId();
  let api: Api;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++)
      instances.push(
        await startService(
          { ...poolAllocationDefinition, name: GROUP, schema: SCHEMA },
          await testServiceEnv(),
        ),
      );
    const first = instances[0];
    if (first === undefined) throw new Error('no instance');
    api = new Api(first.url);
    await upstream.connect();
    await api.createFund('CITY', 'City fund');
    await api.publishPolicy();
    await api.deposit('CITY', '100000000000');
  });

  afterAll(async () => {
    await upstream.disconnect();
    for (const instance of instances) await instance.stop();
  });

  const db = () => {
    const instance = instances[0];
    if (instance === undefined) throw new Error('no instance');
    return instance.dataSource;
  };

  const partsOf = async (fundId: string): Promise<PartRow[]> =>
    (await db().query(
      `SELECT p.claim_id, c.claim_no, c.default_id, p.held_fen, p.queued_fen, p.queue_seq
       FROM "${SCHEMA}".claim_parts p JOIN "${SCHEMA}".claims c ON c.claim_id = p.claim_id
       WHERE p.fund_id = $1 ORDER BY c.claim_no`,
      [fundId],
    )) as PartRow[];

  /** The fund is never over-held, the first COVERED arrivals hold, the rest queue in arrival order. */
  const expectFairAndSolvent = async (fundId: string) => {
    const parts = await partsOf(fundId);
    expect(parts).toHaveLength(COUNT);
    const held = parts.reduce((sum, p) => sum + BigInt(p.held_fen), 0n);
    expect(held).toBe(SHARE * BigInt(COVERED));
    const funds = await api.get(regulator, '/funds').expect(200);
    const fund = (funds.body.items as Array<Record<string, unknown>>).find(
      (f) => f.fundId === fundId,
    );
    expect(fund).toMatchObject({
      availableFen: '0',
      heldFen: (SHARE * BigInt(COVERED)).toString(),
      queuedFen: (SHARE * BigInt(COUNT - COVERED)).toString(),
    });
    // Arrival order (claim number, taken under the fund lock): the first ten hold in full...
    for (const [index, part] of parts.entries()) {
      if (index < COVERED)
        expect([part.held_fen, part.queued_fen]).toEqual([SHARE.toString(), '0']);
      else expect([part.held_fen, part.queued_fen]).toEqual(['0', SHARE.toString()]);
    }
    // ...and the queue is in that same order.
    const queue = fund?.['queue'] as Array<{ claimId: string; seq: number }>;
    expect(queue.map((q) => q.claimId)).toEqual(parts.slice(COVERED).map((p) => p.claim_id));
    const seqs = parts.slice(COVERED).map((p) => p.queue_seq ?? -1);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    return parts;
  };

  /** A new fund holding exactly COVERED shares: the claims after them must queue. */
  const fundCoveringShares = async (fundId: string, name: string) => {
    await api.post(admin, '/funds', { fundId, name }).expect(201);
    await api
      .post(manager(fundId), `${fundPath(fundId)}/deposits`, {
        amountFen: (SHARE * BigInt(COVERED)).toString(),
      })
      .expect(201);
    return fundId;
  };

  /** The `i`th default of a race in `townCode`: 10000000 fen of its own loan and bank (`tag`). */
  const racingDefault = (tag: string, townCode: string, i: number) =>
    upstream.event(
      Topics.defaultReported,
      `L${tag}-${run}-${i}`,
      upstream.defaultData({
        defaultId: `D${tag}-${run}-${i}`,
        loanId: `L${tag}-${run}-${i}`,
        bankId: `B${tag}-${run}-${i}`,
        townCode,
        outstandingAtDefaultFen: '10000000',
      }),
    );

  it('over Kafka into two instances: holds never exceed the fund, and the queue is the arrival order', async () => {
    const fundId = await fundCoveringShares('TOWN:RACE', 'Race fund');
    const loans: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const bankId = `BR-${run}-${i}`;
      await upstream.loanRegistered({
        loanId: `LBIG-${run}-${i}`,
        bankId,
        townCode: 'RACE',
        principalFen: '100000000000',
      });
      await upstream.loanRegistered({
        loanId: `LR-${run}-${i}`,
        bankId,
        townCode: 'RACE',
        principalFen: '10000000',
      });
      loans.push(`LBIG-${run}-${i}`, `LR-${run}-${i}`);
    }
    await waitForLoans({ service: instances[0] as never, schema: SCHEMA, group: GROUP }, loans);

    // One send, partition chosen by index, so each partition's arrival order is known.
    const kafka = createKafka({
      brokers: testInfra().brokers,
      clientId: 'race-producer',
      logger: silentLogger,
    });
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const defaults = Array.from({ length: COUNT }, (_, i) => racingDefault('R', 'RACE', i));
    await producer.send({
      topic: Topics.defaultReported,
      acks: -1,
      messages: defaults.map((e, i) => ({ ...envelopeToWire(e.envelope), partition: i % 3 })),
    });
    await producer.disconnect();

    await waitFor('50 claims', async () =>
      (await partsOf(fundId)).length === COUNT ? true : undefined,
    );
    const parts = await expectFairAndSolvent(fundId);
    // Within each partition (the only order Kafka defines), claims arrived in the order sent.
    const numberOf = new Map(parts.map((p) => [p.default_id, Number(p.claim_no)]));
    for (let partition = 0; partition < 3; partition++) {
      const numbers = Array.from({ length: COUNT }, (_, i) => i)
        .filter((i) => i % 3 === partition)
        .map((i) => numberOf.get(`DR-${run}-${i}`) ?? -1);
      expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    }
  });

  it('as 50 concurrent transactions: the fund row lock serialises them', async () => {
    const fundId = await fundCoveringShares('TOWN:RACE2', 'Race fund 2');
    const instance = instances[0];
    if (instance === undefined) throw new Error('no instance');
    const project = instance.app.get(ProjectLoanHandler);
    const open = instance.app.get(OpenClaimHandler);
    for (let i = 0; i < COUNT; i++) {
      await runInTransaction(db(), SCHEMA, async (uow) => {
        for (const [loanId, principalFen] of [
          [`LBIG2-${run}-${i}`, '100000000000'],
          [`LR2-${run}-${i}`, '10000000'],
        ] as const) {
          await project.registered(uow, {
            loanId,
            bankId: `BR2-${run}-${i}`,
            bankReference: loanId,
            enterprise: {
              uscc: '91350100M000100Y43',
              name: 'x',
              townCode: 'RACE2',
              qualifications: ['HNTE'],
            },
            principalFen,
            annualRateBp: 400,
            disbursementDate: '2026-01-10',
            maturityDate: '2029-01-10',
            termMonths: 36,
            flags: [],
            registrationDate: '2026-01-05',
            policyVersionId: 'P2026-01',
            registeredAt: new Date().toISOString(),
          });
        }
      });
    }
    const results = await Promise.allSettled(
      Array.from({ length: COUNT }, (_, i) => {
        const event = racingDefault('R2', 'RACE2', i);
        return runInTransaction(db(), SCHEMA, (uow) =>
          open.execute(
            eventContext({ topic: event.topic, envelope: event.envelope }, uow, '2026-05-10'),
            event.envelope.data,
          ),
        );
      }),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    await expectFairAndSolvent(fundId);
  });
});
