// The same default three times (twice the very same event, once re-sent under a new id) among
// hundreds of others, and pool-allocation SIGKILLed while it applies them: afterwards exactly one
// claim and one set of holds exist for that default.
import { Topics } from '@riskpool/contracts';
import { RunningService, startService } from '@riskpool/service-kit';
import {
  freePorts,
  killAll,
  type ServiceProcess,
  spawnServiceProcess,
  testServiceEnv,
  waitForReady,
} from '@riskpool/testing';
import { PoolAllocationConfig } from '../../src/config/pool-allocation.config';
import { poolAllocationDefinition } from '../../src/pool-allocation.service-definition';
import { Api, EventReader, runId, Upstream, waitFor } from './support';

const SCHEMA = poolAllocationDefinition.schema;
const FILLERS = 240;

describe('pool-allocation: killed mid-batch with a default delivered three times', () => {
  const upstream = new Upstream();
  const reader = new EventReader();
  const run = runId();
  let child: ServiceProcess | undefined;
  let restarted: RunningService<PoolAllocationConfig> | undefined;

  afterAll(async () => {
    killAll([child]);
    await restarted?.stop();
    await reader.stop();
    await upstream.disconnect();
  });

  it('leaves exactly one claim and one set of holds', async () => {
    const [port] = await freePorts(1);
    const env = await testServiceEnv({ PORT: String(port) });
    child = spawnServiceProcess('services/pool-allocation/src/main.ts', env);
    const url = `http://127.0.0.1:${port}`;
    await waitForReady(child, url, 90_000);

    const api = new Api(url);
    await upstream.connect();
    await reader.start([Topics.claimOpened, Topics.holdPlaced]);
    await api.createFund('CITY', 'City fund');
    await api.createFund('TOWN:CRASH', 'Crash fund');
    await api.publishPolicy();
    await api.deposit('CITY', '100000000000');
    await api.deposit('TOWN:CRASH', '100000000');

    const bankId = `BC-${run}`;
    const target = `LT-${run}`;
    await upstream.loanRegistered({
      loanId: `LBIG-${run}`,
      bankId,
      townCode: 'CRASH',
      principalFen: '900000000000000',
    });
    await upstream.loanRegistered({
      loanId: target,
      bankId,
      townCode: 'CRASH',
      principalFen: '40000000',
    });
    const fillers = Array.from({ length: FILLERS }, (_, i) => `LF-${run}-${i}`);
    await upstream.send(
      ...fillers.map((loanId) =>
        upstream.loanRegisteredEvent({ loanId, bankId, townCode: 'CRASH', principalFen: '100000' }),
      ),
    );

    const probe = async (sql: string, params: unknown[] = []): Promise<number> => {
      const { Client } = await import('pg');
      const client = new Client({ connectionString: env['DATABASE_URL'] });
      await client.connect();
      try {
        const result = await client.query<{ n: number }>(sql, params);
        return result.rows[0]?.n ?? -1;
      } finally {
        await client.end();
      }
    };
    await waitFor('the loans', async () =>
      (await probe(`SELECT count(*)::int AS n FROM "${SCHEMA}".loans WHERE bank_id = $1`, [
        bankId,
      ])) ===
      FILLERS + 2
        ? true
        : undefined,
    );

    const defaultOf = (loanId: string, defaultId: string) =>
      upstream.event(
        Topics.defaultReported,
        loanId,
        upstream.defaultData({
          defaultId,
          loanId,
          bankId,
          townCode: 'CRASH',
          outstandingAtDefaultFen: loanId === target ? '40000000' : '100000',
        }),
      );
    const original = defaultOf(target, `DT-${run}`);
    const resent = defaultOf(target, `DT-${run}`); // same default, new event id
    const third = FILLERS / 3;
    await upstream.send(
      original,
      ...fillers.slice(0, third).map((l) => defaultOf(l, `DF-${l}`)),
      original,
      ...fillers.slice(third, 2 * third).map((l) => defaultOf(l, `DF-${l}`)),
      resent,
      ...fillers.slice(2 * third).map((l) => defaultOf(l, `DF-${l}`)),
    );

    // Kill as soon as the first batch has committed, while the others are being applied.
    const claimsAtKill = await waitFor('the first committed claims', async () => {
      const n = await probe(
        `SELECT count(*)::int AS n FROM "${SCHEMA}".claims WHERE bank_id = $1`,
        [bankId],
      );
      return n > 0 ? n : undefined;
    });
    child.child.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
    process.stderr.write(
      `[crash test] killed with ${claimsAtKill} of ${FILLERS + 1} claims committed\n`,
    );

    // The group's next member gets the uncommitted batches again.
    restarted = await startService(poolAllocationDefinition, await testServiceEnv());
    await waitFor(
      'every claim',
      async () =>
        (await probe(`SELECT count(*)::int AS n FROM "${SCHEMA}".claims WHERE bank_id = $1`, [
          bankId,
        ])) ===
        FILLERS + 1
          ? true
          : undefined,
      120_000,
    );
    expect(
      await probe(`SELECT count(*)::int AS n FROM "${SCHEMA}".claims WHERE loan_id = $1`, [target]),
    ).toBe(1);
    expect(
      await probe(
        `SELECT count(*)::int AS n FROM "${SCHEMA}".claim_parts p JOIN "${SCHEMA}".claims c USING (claim_id)
         WHERE c.loan_id = $1 AND p.held_fen = 8000000`,
        [target],
      ),
    ).toBe(2);
    // No default was applied twice: one inbox row per event id, one claim per default.
    expect(
      await probe(
        `SELECT count(*)::int AS n FROM (SELECT default_id FROM "${SCHEMA}".claims GROUP BY default_id HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    const opened = await reader.waitFor(Topics.claimOpened, (d) => d['loanId'] === target);
    const claimId = String(opened[0]?.data['claimId']);
    await waitFor('the holds published', async () =>
      reader.of(Topics.holdPlaced, (d) => d['claimId'] === claimId).length >= 2 ? true : undefined,
    );
    // The relay may re-publish after a crash (at least once), but only ever the one claim's holds.
    expect(
      new Set(
        reader.of(Topics.claimOpened, (d) => d['loanId'] === target).map((e) => e.data['claimId']),
      ),
    ).toEqual(new Set([claimId]));
    const holds = reader.of(Topics.holdPlaced, (d) => d['claimId'] === claimId);
    expect(
      new Set(holds.map((h) => `${String(h.data['fundId'])}:${String(h.data['amountFen'])}`)),
    ).toEqual(new Set(['CITY:8000000', 'TOWN:CRASH:8000000']));
  });
});
