import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import {
  createEvent,
  EventData,
  envelopeToWire,
  Identity,
  OutgoingEvent,
  TopicName,
  Topics,
  uuidv7,
} from '@riskpool/contracts';
import { formatYuan } from '@riskpool/domain';
import { createKafka, EventProducer, silentLogger } from '@riskpool/kafka';
import { RunningService, startService } from '@riskpool/service-kit';
import {
  ensureLedgerKeyFile,
  freePorts,
  gatewayHeaders,
  identityKeyEnv,
  identitySigningEnv,
  testInfra,
} from '@riskpool/testing';
import { LedgerConfig } from '../../src/config/ledger.config';
import { ledgerDefinition } from '../../src/ledger.service-definition';
import { parseCsv } from '../../src/statements/statement-csv';
import { runVerify, verifyExportFile } from '../../src/verify/verify';

// A month of one town fund with a deposit, a hold, a partial payout, a release and a recovery,
// closed by the business clock; every figure of the statement is compared with the ledger's own
// balances and entries for the same journal range, in the CSV and in the PDF's text.
const SCHEMA = 'ledger_statements_it';
const run = uuidv7().slice(-8);
const X = 'TOWN:XIAOLAN';
const L1 = `L1-${run}`;
const C1 = `C1-${run}`;

let service: RunningService<LedgerConfig>;
let producer: EventProducer;
let admin: Client;
let dir: string;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function who(role: Identity['role'], scope: string | null, businessDate = '2026-07-01'): Identity {
  return { role, scope, keyId: `k-${role}`, businessDate, requestId: uuidv7() };
}
const regulator = who('regulator', null);
const get = (path: string, identity: Identity = regulator) =>
  request(service.url)
    .get(path)
    .set(gatewayHeaders(identity, 'ledger', 'GET', path));
const binary = (path: string, identity: Identity = regulator) =>
  get(path, identity)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

function ev<T extends TopicName>(topic: T, subject: string, data: EventData<T>): OutgoingEvent<T> {
  return createEvent({ topic, source: 'pool-allocation', subject, data });
}
async function send(...events: OutgoingEvent[]): Promise<void> {
  await producer.send(events.map((e) => ({ topic: e.topic, ...envelopeToWire(e.envelope) })));
}
const now = () => new Date().toISOString();
const deposit = (fundId: string, amountFen: string) =>
  ev(Topics.fundDeposited, fundId, {
    depositId: uuidv7(),
    fundId,
    amountFen,
    depositedBy: `fund-manager:${fundId}`,
    depositedAt: now(),
    availableAfterFen: '0',
  });
const clock = (businessDate: string, previousBusinessDate: string | null) =>
  createEvent({
    topic: Topics.gatewayBusinessDateChanged,
    source: 'gateway',
    subject: 'business-clock',
    data: { businessDate, previousBusinessDate, changedAt: now() },
  });
const computation = {
  basisFen: '60000',
  rateBp: 4500,
  poolFen: '27000',
  capsApplied: [] as [],
  shares: [
    { fundId: 'CITY', shareFen: '13500', heldFen: '13500', queuedFen: '0' },
    { fundId: X, shareFen: '13500', heldFen: '13500', queuedFen: '0' },
  ],
  bankShareFen: '33000',
  economicPolicyVersionId: 'GZ-2025-v1',
  proceduralPolicyVersionId: 'GZ-2025-v1',
};

beforeAll(async () => {
  const infra = testInfra();
  dir = mkdtempSync(join(tmpdir(), 'ledger-statements-it-'));
  admin = new Client({ connectionString: infra.databaseUrl });
  await admin.connect();
  const [port] = await freePorts(1);
  service = await startService(ledgerDefinition({ name: `ledger-st-${run}`, schema: SCHEMA }), {
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.brokers.join(','),
    ...identityKeyEnv(),
    ...identitySigningEnv(),
    LEDGER_SIGNING_KEY_FILE: ensureLedgerKeyFile(dir).file,
    LOG_LEVEL: 'warn',
    RISKPOOL_MODE: 'test',
    PORT: String(port),
    LEDGER_CHECKPOINT_EVERY: '4',
    LEDGER_CHECKPOINT_SECONDS: '1',
    LEDGER_CONSUMER_GROUP: `ledger-st-${run}`,
  });
  producer = new EventProducer(
    createKafka({ brokers: infra.brokers, clientId: `ledger-st-${run}`, logger: silentLogger }),
  );
  await producer.connect();

  // May: an opening balance. The clock enters June.
  await send(clock('2026-05-20', null), deposit(X, '50000'), deposit('CITY', '70000'));
  await waitFor('May booked', () => entryCount(2));
  await send(clock('2026-06-01', '2026-05-20'));
  await waitFor('May closed', () => periodClosed('2026-05'));
  // June: a deposit, a claim's holds, a payout of part of the town's hold with the rest released,
  // a recovery owed and remitted.
  await send(
    deposit(X, '100000'),
    ev(Topics.claimOpened, L1, {
      claimId: C1,
      loanId: L1,
      bankId: 'B1',
      defaultId: `D-${L1}`,
      townCode: 'XIAOLAN',
      status: 'OPEN',
      openedOn: '2026-06-03',
      ...computation,
    }),
  );
  await send(
    ev(Topics.holdPlaced, L1, {
      holdId: `${C1}:${X}`,
      fundId: X,
      claimId: C1,
      loanId: L1,
      amountFen: '13500',
      cause: 'CLAIM_OPENED',
      placedAt: now(),
    }),
  );
  await waitFor('June holds booked', () => entryCount(4));
  await send(
    createEvent({
      topic: Topics.payoutCompleted,
      source: 'settlement',
      subject: L1,
      data: {
        payoutId: uuidv7().replace(/-/g, ''),
        claimId: C1,
        loanId: L1,
        defaultId: `D-${L1}`,
        bankId: 'B1',
        fundId: X,
        amountFen: '10000',
        source: 'APPROVED_SHARE' as const,
        rail: 'SIMULATED' as const,
        railReference: 'sim',
        attempts: 1,
        completedAt: now(),
      },
    }),
  );
  await waitFor('the payout booked', () => entryCount(7));
  await send(
    ev(Topics.holdReleased, L1, {
      holdId: `${C1}:${X}`,
      fundId: X,
      claimId: C1,
      loanId: L1,
      amountFen: '3500',
      reason: 'CLAIM_ADJUSTED',
      releasedAt: now(),
    }),
    ev(Topics.recoveryShared, L1, {
      recoveryId: uuidv7(),
      claimId: C1,
      loanId: L1,
      bankId: 'B1',
      cumulativeNetFen: '4000',
      owed: [{ fundId: X, cumulativeOwedFen: '1234', changeFen: '1234' }],
      bankPartFen: '2766',
      dueOn: '2026-07-01',
      policyVersionId: 'GZ-2025-v1',
    }),
  );
  await waitFor('release and recovery booked', () => entryCount(9));
  await send(
    createEvent({
      topic: Topics.remittanceReceived,
      source: 'settlement',
      subject: 'B1',
      data: {
        remittanceId: uuidv7(),
        bankId: 'B1',
        fundId: X,
        amountFen: '1234',
        matched: [{ recoveryId: uuidv7(), claimId: C1, loanId: L1, amountFen: '1234' }],
        overpaidFen: '0',
        receivedOn: '2026-06-20',
      },
    }),
  );
  await waitFor('the remittance booked', () => entryCount(11));
  // The clock passes the end of June: June's statements are issued and anchored.
  await send(clock('2026-07-01', '2026-06-01'));
  await waitFor('June statements anchored', async () => {
    const r = await admin.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".entries WHERE kind = 'ANCHOR'`,
    );
    // May: CITY and XIAOLAN; June: the same two; three files each.
    return r.rows[0].n === 12 ? true : undefined;
  });
}, 180_000);

async function entryCount(n: number): Promise<true | undefined> {
  const r = await admin.query(
    `SELECT count(*)::int AS n FROM "${SCHEMA}".entries WHERE kind <> 'ANCHOR'`,
  );
  return r.rows[0].n >= n ? true : undefined;
}
async function periodClosed(period: string): Promise<true | undefined> {
  const r = await admin.query(`SELECT 1 FROM "${SCHEMA}".statement_periods WHERE period = $1`, [
    period,
  ]);
  return r.rowCount === 1 ? true : undefined;
}

afterAll(async () => {
  await producer?.disconnect();
  await service?.stop();
  await admin?.end();
});

interface Counters {
  debitsPending: string;
  debitsPosted: string;
  creditsPending: string;
  creditsPosted: string;
}
async function balancesAt(seq: string): Promise<Map<string, Counters>> {
  const res = await get(`/ledger/balances?asOf=${seq}`).expect(200);
  const body = res.body as
    { accounts?: Array<{ account: string } & Counters> } | Array<{ account: string } & Counters>;
  const list = Array.isArray(body) ? body : (body.accounts ?? []);
  return new Map(list.map((a) => [a.account, a]));
}

const TOWN_JUNE = 'fund-monthly-TOWN-XIAOLAN-2026-06';

describe('fund statements', () => {
  it('every figure equals the ledger’s balances and entries for the month, in the CSV and the PDF', async () => {
    const statement = (await get(`/statements/${TOWN_JUNE}`).expect(200)).body as {
      openingSeq: string;
      closingSeq: string;
      files: Array<{ format: string; sha256: string }>;
      anchors: Array<{ seq: string; documentName: string }>;
    };
    // The ledger's own figures for the same journal range (by its public read API).
    const opening = await balancesAt(statement.openingSeq);
    const closing = await balancesAt(statement.closingSeq);
    const c = (m: Map<string, Counters>, account: string) => {
      const x = m.get(account);
      return {
        dp: BigInt(x?.debitsPending ?? '0'),
        dpo: BigInt(x?.debitsPosted ?? '0'),
        cp: BigInt(x?.creditsPending ?? '0'),
        cpo: BigInt(x?.creditsPosted ?? '0'),
      };
    };
    const available = (m: Map<string, Counters>) => {
      const a = c(m, `fund:${X}:available`);
      return a.cpo - a.dpo - a.dp;
    };
    const held = (m: Map<string, Counters>) => {
      const h = c(m, `fund:${X}:held`);
      return h.cp + h.cpo - h.dpo;
    };
    const expected: Record<string, bigint> = {
      'Opening available': available(opening),
      'Opening held': held(opening),
      'Opening balance': available(opening) + held(opening),
      'Closing available': available(closing),
      'Closing held': held(closing),
      'Closing balance': available(closing) + held(closing),
      // Movements: the difference of the ledger's counters over the range.
      Deposits:
        c(closing, `fund:${X}:contributions`).dpo - c(opening, `fund:${X}:contributions`).dpo,
      Payouts: c(closing, `fund:${X}:held`).dpo - c(opening, `fund:${X}:held`).dpo,
      'Recoveries received':
        c(closing, `fund:${X}:recoveries-owed`).dpo - c(opening, `fund:${X}:recoveries-owed`).dpo,
      'Subsidy grants': 0n,
    };
    // And the literal story: 500 yuan at May's close; June +1,000 deposited, 135 held, 100 paid,
    // 35 released, 12.34 recovered.
    expect(expected['Opening balance']).toBe(50_000n);
    expect(expected['Deposits']).toBe(100_000n);
    expect(expected['Payouts']).toBe(10_000n);
    expect(expected['Recoveries received']).toBe(1_234n);
    expect(expected['Closing balance']).toBe(50_000n + 100_000n - 10_000n + 1_234n);
    expect(expected['Closing held']).toBe(0n);
    // The ledger's holds as booked: the 135 placed; the payout posts 100 of it and holds the rest
    // again (a second placement of 35, the first's 35 released), then the release frees those 35.
    expected['Holds placed'] = 13_500n + 3_500n;
    expected['Holds released'] = 3_500n + 3_500n;

    const csv = (await binary(`/statements/${TOWN_JUNE}/files/csv`).expect(200)).body as Buffer;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(csv)).toContain('追偿回收');
    const rows = new Map(parseCsv(csv).map((r) => [r[2], r]));
    for (const [item, fen] of Object.entries(expected)) {
      expect([item, rows.get(item)?.[4]]).toEqual([item, fen.toString()]);
      expect([item, rows.get(item)?.[5]]).toEqual([item, formatYuan(fen).replace(/,/g, '')]);
    }
    expect(rows.get('opening_seq')?.[5]).toBe(statement.openingSeq);
    expect(rows.get('closing_seq')?.[5]).toBe(statement.closingSeq);

    const zh = (await binary(`/statements/${TOWN_JUNE}/files/pdf-zh-CN`).expect(200))
      .body as Buffer;
    const en = (await binary(`/statements/${TOWN_JUNE}/files/pdf-en`).expect(200)).body as Buffer;
    writeFileSync(join(dir, 'zh.pdf'), zh);
    writeFileSync(join(dir, 'en.pdf'), en);
    const enText = execFileSync('pdftotext', ['-layout', join(dir, 'en.pdf'), '-'], {
      encoding: 'utf8',
    });
    const zhText = execFileSync('pdftotext', ['-layout', join(dir, 'zh.pdf'), '-'], {
      encoding: 'utf8',
    });
    for (const [item, fen] of Object.entries(expected)) {
      const escaped = formatYuan(fen).replace(/\./g, '\\.');
      expect([item, new RegExp(`${item}\\s+${escaped}`).test(enText)]).toEqual([item, true]);
    }
    expect(zhText).toMatch(new RegExp(`追偿回收\\s+${formatYuan(1_234n).replace('.', '\\.')}`));
    expect(zhText).toMatch(/期末余额\s+1,412\.34/);
    expect(execFileSync('pdffonts', [join(dir, 'zh.pdf')], { encoding: 'utf8' })).toMatch(
      /CJK.*\byes\s+yes\b/,
    );

    // The digests of the files as served are the ones the ledger anchored.
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(statement.files.map((f) => f.sha256).sort()).toEqual(
      [sha(csv), sha(zh), sha(en)].sort(),
    );
    expect(statement.anchors.map((a) => a.documentName).sort()).toEqual(
      [`${TOWN_JUNE}.csv`, `${TOWN_JUNE}.en.pdf`, `${TOWN_JUNE}.zh-CN.pdf`].sort(),
    );
  });

  it('verify --statement accepts the issued files and refuses one with a changed figure', async () => {
    const csv = (await binary(`/statements/${TOWN_JUNE}/files/csv`).expect(200)).body as Buffer;
    const pdf = (await binary(`/statements/${TOWN_JUNE}/files/pdf-zh-CN`).expect(200))
      .body as Buffer;
    writeFileSync(join(dir, 'issued.csv'), csv);
    writeFileSync(join(dir, 'issued.pdf'), pdf);
    // One figure changed: 12.34 yuan of recoveries becomes 12.35.
    const text = csv.toString('utf8');
    expect(text).toContain(',1234,12.34');
    writeFileSync(
      join(dir, 'changed.csv'),
      Buffer.from(text.replace(',1234,12.34', ',1235,12.35'), 'utf8'),
    );
    const exportText = (
      await get('/ledger/export')
        .buffer(true)
        .parse((r, cb) => {
          let t = '';
          r.setEncoding('utf8');
          r.on('data', (chunk: string) => (t += chunk));
          r.on('end', () => cb(null, t));
        })
        .expect(200)
    ).body as string;
    writeFileSync(join(dir, 'export.jsonl'), exportText);
    const key = (await get('/ledger/public-key').expect(200)).body.publicKeyPem as string;

    const good = await verifyExportFile(join(dir, 'export.jsonl'), key, 0, {}, [
      join(dir, 'issued.csv'),
      join(dir, 'issued.pdf'),
    ]);
    expect(good).toMatchObject({ ok: true, result: { ok: true } });
    expect(good.statements?.map((s) => [s.anchored, s.documentName])).toEqual([
      [true, `${TOWN_JUNE}.csv`],
      [true, `${TOWN_JUNE}.zh-CN.pdf`],
    ]);
    const bad = await verifyExportFile(join(dir, 'export.jsonl'), key, 0, {}, [
      join(dir, 'changed.csv'),
    ]);
    expect(bad.ok).toBe(false);
    expect(bad.result['ok']).toBe(true); // the ledger itself verifies; the file is not anchored
    expect(bad.statements?.[0]?.anchored).toBe(false);

    // The command line: exit 0 for the issued file, 1 for the changed one.
    writeFileSync(join(dir, 'key.pem'), key);
    const cli = async (file: string) => {
      let printed = '';
      const code = await runVerify(
        [
          '--export',
          join(dir, 'export.jsonl'),
          '--public-key',
          join(dir, 'key.pem'),
          '--workers',
          '0',
          '--statement',
          file,
        ],
        (text) => (printed += text),
      );
      return { code, report: JSON.parse(printed) as { statements: Array<{ anchored: boolean }> } };
    };
    const accepted = await cli(join(dir, 'issued.csv'));
    expect([accepted.code, accepted.report.statements[0]?.anchored]).toEqual([0, true]);
    const refused = await cli(join(dir, 'changed.csv'));
    expect([refused.code, refused.report.statements[0]?.anchored]).toEqual([1, false]);
  });

  it('one statement per fund and month; May’s closing is June’s opening', async () => {
    const page = (await get('/statements?limit=10').expect(200)).body as {
      items: Array<{ statementId: string; openingSeq: string; closingSeq: string }>;
      nextCursor: string | null;
    };
    expect(page.items.map((s) => s.statementId)).toEqual([
      'fund-monthly-CITY-2026-06',
      'fund-monthly-TOWN-XIAOLAN-2026-06',
      'fund-monthly-CITY-2026-05',
      'fund-monthly-TOWN-XIAOLAN-2026-05',
    ]);
    expect(page.items[1]?.openingSeq).toBe(page.items[3]?.closingSeq);
    // Paging: two at a time, the cursor continues where the first page ended.
    const first = (await get('/statements?limit=2').expect(200)).body as typeof page;
    const second = (await get(`/statements?limit=2&cursor=${first.nextCursor}`).expect(200))
      .body as typeof page;
    expect([...first.items, ...second.items].map((s) => s.statementId)).toEqual(
      page.items.map((s) => s.statementId),
    );
    await get('/statements?cursor=not-a-cursor').expect(400);
  });

  it('a fund manager sees only its fund’s statements, a bank none of a fund’s, the regulator all', async () => {
    const town = who('fund-manager', X);
    const city = who('fund-manager', 'CITY');
    const bank = who('bank', 'B1');
    const list = async (id: Identity) =>
      (
        (await get('/statements', id).expect(200)).body as { items: Array<{ subjectId: string }> }
      ).items.map((s) => s.subjectId);
    expect(new Set(await list(town))).toEqual(new Set([X]));
    expect(new Set(await list(city))).toEqual(new Set(['CITY']));
    expect(await list(bank)).toEqual([]);
    await get(`/statements/${TOWN_JUNE}`, town).expect(200);
    await get(`/statements/${TOWN_JUNE}`, city).expect(404);
    await get(`/statements/${TOWN_JUNE}/files/csv`, city).expect(404);
    await get(`/statements/${TOWN_JUNE}/files/csv`, bank).expect(404);
    await get(`/statements/${TOWN_JUNE}/files/xlsx`, town).expect(400);
  });

  it('on demand: an ended month is issued once; a month not ended is refused', async () => {
    const adminId = who('admin', null, '2026-07-15');
    const post = (period: unknown, key: string, as = adminId) => {
      const body = JSON.stringify({ period });
      return request(service.url)
        .post('/statements')
        .set(gatewayHeaders(as, 'ledger', 'POST', '/statements', body))
        .set('Idempotency-Key', key)
        .set('content-type', 'application/json')
        .send(body);
    };
    const again = await post('2026-06', `k-${run}-1`).expect(200);
    expect(
      (again.body as { items: Array<{ statementId: string }> }).items.map((s) => s.statementId),
    ).toContain(TOWN_JUNE);
    const r = await admin.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".statements WHERE period = '2026-06'`,
    );
    expect(r.rows[0].n).toBe(2);
    const notEnded = await post('2026-07', `k-${run}-2`).expect(409);
    expect(notEnded.body.code).toBe('STATEMENT.MONTH_NOT_ENDED');
    const bad = await post('2026-13', `k-${run}-3`).expect(400);
    expect(bad.body.errors[0].field).toBe('period');
    await post('2026-06', `k-${run}-4`, regulator).expect(403);
  });
});
