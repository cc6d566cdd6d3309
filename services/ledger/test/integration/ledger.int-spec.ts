import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Identity, Topics, uuidv7 } from '@riskpool/contracts';
import {
  createCheckpointSigner,
  generateSigningKeyPair,
  signCheckpoint,
} from '@riskpool/ledger-core';
import { REPO_ROOT, testPolicyVariant, tsNodeArgs, tsNodeEnv } from '@riskpool/testing';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import { checkInclusionProof, verifyExportFile } from '../../src/verify/verify';
import {
  exportRequest,
  fundDeposit,
  holdPlaced,
  holdReleased,
  ledgerGet,
  payoutCompleted,
  recoveryShared,
  remittanceReceived,
  upstreamEvent,
  waitFor,
  who as whoAt,
  claimOpened,
  claimApproved,
  useLedger,
} from '../support';

const SCHEMA = 'ledger_it';
const ROLE = 'ledger_it_app';
const run = uuidv7().slice(-8);
const L1 = `L1-${run}`;
const L2 = `L2-${run}`;
const C1 = `C1-${run}`;
const C2 = `C2-${run}`;
const X = 'TOWN:XIAOLAN';

const ledger = useLedger(SCHEMA, `ledger-it-${run}`, {
  LOG_LEVEL: 'warn',
  LEDGER_CHECKPOINT_EVERY: '4',
  LEDGER_CHECKPOINT_SECONDS: '1',
  LEDGER_DB_APP_ROLE: ROLE,
  LEDGER_ENTRY_EVENTS: 'entry',
});
let publicKeyPem: string;

const who = (role: Identity['role'], scope: string | null) => whoAt(role, scope, '2026-03-01');
const regulator = who('regulator', null);
const get = (path: string, identity: Identity = regulator) =>
  ledgerGet(ledger.service.url, path, identity);

const ev = upstreamEvent;
const { send } = ledger;
const deposit = (fundId: string, amountFen: string) =>
  fundDeposit(fundId, amountFen, 'fund-manager:CITY');
const hold = holdPlaced;
const computation = (basis: string, city: string, town: string, bank: string) => ({
  basisFen: basis,
  rateBp: 4500,
  poolFen: (BigInt(city) + BigInt(town)).toString(),
  capsApplied: [] as [],
  shares: [
    { fundId: 'CITY', shareFen: city, heldFen: city, queuedFen: '0' },
    { fundId: X, shareFen: town, heldFen: town, queuedFen: '0' },
  ],
  bankShareFen: bank,
  economicPolicyVersionId: 'GZ-2025-v1',
  proceduralPolicyVersionId: 'GZ-2025-v1',
});
const payout = (
  claimId: string,
  loanId: string,
  bankId: string,
  fundId: string,
  amountFen: string,
) => payoutCompleted({ claimId, loanId, bankId }, fundId, amountFen);

async function exportTo(name: string): Promise<string> {
  const res = await exportRequest(ledger.service.url, regulator);
  expect(res.status).toBe(200);
  const file = join(ledger.dir, name);
  writeFileSync(file, res.body as string);
  return file;
}

/** The verify command line on an export file, with the ledger's public key written beside it. */
function verifyCli(exportFile: string) {
  return spawnSync(
    process.execPath,
    tsNodeArgs(
      'services/ledger/src/verify/verify.cli.ts',
      '--export',
      exportFile,
      '--public-key',
      join(ledger.dir, 'key.pem'),
    ),
    { cwd: REPO_ROOT, env: tsNodeEnv(), encoding: 'utf8', timeout: 60_000 },
  );
}

async function tampered(sqls: string[], name: string) {
  await ledger.admin.query(`ALTER TABLE "${SCHEMA}".entries DISABLE TRIGGER USER`);
  await ledger.admin.query(`ALTER TABLE "${SCHEMA}".postings DISABLE TRIGGER USER`);
  await ledger.admin.query(`ALTER TABLE "${SCHEMA}".checkpoints DISABLE TRIGGER USER`);
  try {
    for (const sql of sqls) await ledger.admin.query(sql);
    return await verifyExportFile(await exportTo(name), publicKeyPem);
  } finally {
    await ledger.admin.query(`ALTER TABLE "${SCHEMA}".entries ENABLE TRIGGER USER`);
    await ledger.admin.query(`ALTER TABLE "${SCHEMA}".postings ENABLE TRIGGER USER`);
    await ledger.admin.query(`ALTER TABLE "${SCHEMA}".checkpoints ENABLE TRIGGER USER`);
  }
}

const conflictOriginal = deposit('CITY', '1000');
// The economic policy the compensation entry was computed with (verify recomputes it).
const policy = testPolicyVariant('GZ-2025-v1');
const eventCount = 16;

beforeAll(async () => {
  publicKeyPem = (await get('/ledger/public-key').expect(200)).body.publicKeyPem as string;
  writeFileSync(join(ledger.dir, 'key.pem'), publicKeyPem);

  // The §7 story in small numbers, with a hold that must wait for a deposit.
  await send(ev(Topics.policyPublished, 'GZ-2025-v1', policy), conflictOriginal, deposit(X, '300'));
  await send(
    claimOpened(
      { claimId: C1, loanId: L1, bankId: 'B1' },
      { townCode: 'XIAOLAN', status: 'OPEN', openedOn: '2026-03-01' },
      computation('600', '135', '135', '330'),
    ),
    hold(C1, L1, 'CITY', '135'),
    hold(C1, L1, X, '135'),
  );
  // Only 165 left in XIAOLAN: this hold waits (parked) until the next deposit.
  await send(
    claimOpened(
      { claimId: C2, loanId: L2, bankId: 'B2' },
      { townCode: 'XIAOLAN', status: 'OPEN', openedOn: '2026-03-01' },
      computation('700', '0', '200', '500'),
    ),
    hold(C2, L2, X, '200'),
  );
  await waitFor('the parked hold', async () => {
    const rows = await ledger.admin.query(`SELECT 1 FROM "${SCHEMA}".parked_events`);
    return rows.rowCount === 1 ? true : undefined;
  });
  await send(deposit(X, '100'));
  await send(
    holdReleased(C2, L2, X, '50'),
    claimApproved(
      { claimId: C1, loanId: L1, bankId: 'B1' },
      '2026-03-02',
      computation('600', '135', '135', '330'),
    ),
  );
  await send(payout(C1, L1, 'B1', 'CITY', '135'), payout(C1, L1, 'B1', X, '135'));
  await send(
    recoveryShared(
      { claimId: C1, loanId: L1, bankId: 'B1' },
      {
        cumulativeNetFen: '90',
        owed: [
          ['CITY', '20'],
          [X, '20'],
        ],
        bankPartFen: '50',
        dueOn: '2026-04-01',
        policyVersionId: 'GZ-2025-v1',
      },
    ),
    ev(Topics.breakerTripped, 'B2', {
      bankId: 'B2',
      claimId: C2,
      defaultedExposureFen: '10',
      totalExposureFen: '100',
      thresholdBp: 300,
      policyVersionId: 'GZ-2025-v1',
      trippedOn: '2026-03-02',
    }),
  );
  const remittance = remittanceReceived(
    { claimId: C1, loanId: L1, bankId: 'B1' },
    'CITY',
    '25',
    '20',
    '2026-03-03',
  );
  await send(remittance);
  // A redelivery changes nothing; the same id with other content is refused and reported.
  await send(conflictOriginal);
  await send({
    topic: conflictOriginal.topic,
    envelope: {
      ...conflictOriginal.envelope,
      data: { ...conflictOriginal.envelope.data, amountFen: '999999' },
    },
  });
  // Every event has an outcome as soon as it is read, a parked one too; it is posted when what it
  // waits for arrives (topics are not ordered among each other), so wait for nothing parked.
  await waitFor('every event seen and posted, and the conflict reported', async () => {
    const seen = await ledger.admin.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".event_outcomes`,
    );
    const conflicts = await ledger.admin.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".event_conflicts`,
    );
    const parked = await ledger.admin.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".parked_events`,
    );
    return seen.rows[0].n === eventCount && conflicts.rows[0].n === 1 && parked.rows[0].n === 0
      ? true
      : undefined;
  });
  await waitFor('a checkpoint of every entry', async () => {
    const size = ledger.service.app.get(LedgerWriter).ledgerState.size;
    const cp = ledger.service.app.get(LedgerWriter).latestCheckpoint;
    return cp !== undefined && cp.treeSize === size ? true : undefined;
  });
}, 120_000);

describe('the ledger books money events', () => {
  it('posts balanced entries, holds once, parks what waits, and no fund goes below zero', async () => {
    const unbalanced = await ledger.admin.query(
      `SELECT seq FROM "${SCHEMA}".postings GROUP BY seq
       HAVING sum(CASE WHEN side = 'DEBIT' THEN amount_fen ELSE -amount_fen END) <> 0 OR count(*) < 2`,
    );
    expect(unbalanced.rows).toEqual([]);
    const outcomes = await ledger.admin.query(
      `SELECT outcome, count(*)::int AS n FROM "${SCHEMA}".event_outcomes GROUP BY outcome ORDER BY outcome`,
    );
    expect(outcomes.rows).toEqual([
      // The two claims' openings are claim memo entries (ADR 0019), no longer audit rows only.
      { outcome: 'AUDIT', n: 2 },
      { outcome: 'POSTED', n: 14 },
    ]);
    expect((await ledger.admin.query(`SELECT * FROM "${SCHEMA}".parked_events`)).rows).toEqual([]);
    const state = ledger.service.app.get(LedgerWriter).ledgerState;
    expect(state.invariantViolations()).toEqual([]);
    // Holds: C1's two posted in full, C2's voided and 150 held again (open). Topics are not
    // ordered among each other, so which hold waited for the second deposit varies.
    const holds = await ledger.admin.query(
      `SELECT h.hold_id, h.amount_fen::text AS amount, r.kind, r.posted_fen::text AS posted
       FROM "${SCHEMA}".holds h LEFT JOIN "${SCHEMA}".hold_resolutions r USING (pending_seq)
       ORDER BY h.hold_id, h.amount_fen DESC`,
    );
    expect(holds.rows).toEqual([
      { hold_id: `${C1}:CITY`, amount: '135', kind: 'POST_PENDING', posted: '135' },
      { hold_id: `${C1}:${X}`, amount: '135', kind: 'POST_PENDING', posted: '135' },
      { hold_id: `${C2}:${X}`, amount: '200', kind: 'VOID_PENDING', posted: '0' },
      { hold_id: `${C2}:${X}`, amount: '150', kind: null, posted: null },
    ]);
    const funds = (await get('/reports/funds').expect(200)).body.items;
    expect(funds).toEqual([
      {
        fundId: 'CITY',
        depositedFen: '1000',
        availableFen: String(1000 - 135 + 25),
        heldFen: '0',
        paidOutFen: '135',
        recoveriesOwedFen: '0',
        recoveriesReceivedFen: '20',
      },
      {
        fundId: X,
        depositedFen: '400',
        availableFen: String(400 - 135 - 150),
        heldFen: '150',
        paidOutFen: '135',
        recoveriesOwedFen: '20',
        recoveriesReceivedFen: '0',
      },
    ]);
    const entries = (await get(`/ledger/entries?loan=${L1}&limit=3`).expect(200)).body;
    expect(entries.items).toHaveLength(3);
    expect(entries.items[0]).toMatchObject({
      loanId: L1,
      claimId: C1,
      policyVersion: 'GZ-2025-v1',
    });
    const next = (await get(`/ledger/entries?loan=${L1}&cursor=${entries.nextCursor}`).expect(200))
      .body;
    const lastSeen = BigInt(entries.items[2].seq);
    expect(next.items.length).toBeGreaterThan(0);
    expect(next.items.every((e: { seq: string }) => BigInt(e.seq) > lastSeen)).toBe(true);
    // `fromSeq` is a filter, not a cursor: the entries of L1 from the second one seen on.
    const from = (
      await get(`/ledger/entries?loan=${L1}&fromSeq=${entries.items[1].seq}`).expect(200)
    ).body;
    expect(from.items[0].seq).toBe(entries.items[1].seq);
    await get('/ledger/entries?limit=1001').expect(400);
    await get(`/ledger/entries?cursor=${entries.items[0].seq}`).expect(400);
    // As of entry 1 only entry 1 is booked. Which event it is (a deposit, a claim's memo entry)
    // depends on how the broker interleaved the topics' partitions, so the test reads it first.
    const first = (await get('/ledger/entries?limit=1').expect(200)).body.items[0] as {
      seq: string;
      postings: Array<{ account: string; side: 'DEBIT' | 'CREDIT'; amountFen: string }>;
    };
    expect(first.seq).toBe('1');
    const asOf = (await get('/ledger/balances?asOf=1').expect(200)).body as {
      accounts: Array<{ account: string; creditsPosted: string; debitsPosted: string }>;
    };
    const byAccount = (x: { account: string }, y: { account: string }) =>
      x.account.localeCompare(y.account);
    expect(
      asOf.accounts
        .map(({ account, creditsPosted, debitsPosted }) => ({
          account,
          creditsPosted,
          debitsPosted,
        }))
        .sort(byAccount),
    ).toEqual(
      first.postings
        .map(({ account, side, amountFen }) => ({
          account,
          creditsPosted: side === 'CREDIT' ? amountFen : '0',
          debitsPosted: side === 'DEBIT' ? amountFen : '0',
        }))
        .sort(byAccount),
    );
  });

  it('refuses and reports the same event id with other content', async () => {
    const rows = await ledger.admin.query(`SELECT event_id FROM "${SCHEMA}".event_conflicts`);
    expect(rows.rows).toEqual([{ event_id: conflictOriginal.envelope.id }]);
    const metrics = await request(ledger.service.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /riskpool_ledger_event_conflicts_total\{type="pool.fund-deposited.v1"\} 1/,
    );
    const city = await get('/ledger/balances').expect(200);
    expect(city.body.accounts).toContainEqual(
      expect.objectContaining({ account: 'fund:CITY:contributions', debitsPosted: '1000' }),
    );
  });

  it('reports a loan to its bank and the regulator, never to another bank', async () => {
    const report = (await get(`/reports/loans/${L1}`).expect(200)).body;
    expect(report).toMatchObject({
      loanId: L1,
      bankId: 'B1',
      basisFen: '600',
      shares: [
        { party: 'fund:CITY', shareFen: '135' },
        { party: `fund:${X}`, shareFen: '135' },
        { party: 'bank', shareFen: '330' },
      ],
      paidFen: '270',
      recoveredFen: '40',
      remittedFen: '20',
      owedFen: '20',
    });
    await get(`/reports/loans/${L1}`, who('bank', 'B1')).expect(200);
    await get(`/reports/loans/${L1}`, who('bank', 'B2')).expect(404);
    const b2 = (await get(`/ledger/entries?loan=${L1}`, who('bank', 'B2')).expect(200)).body;
    expect(b2.items).toEqual([]);
    await get('/reports/banks', who('fund-manager', 'CITY')).expect(403);
    const banks = (await get('/reports/banks', who('bank', 'B1')).expect(200)).body.items;
    expect(banks).toEqual([
      {
        bankId: 'B1',
        compensationReceivedFen: '270',
        lossBorneFen: '330',
        recoveriesOwedFen: '20',
        recoveriesRemittedFen: '25',
      },
    ]);
  });

  it('serves inclusion and consistency proofs that the verifier accepts', async () => {
    const cps = (await get('/ledger/checkpoints').expect(200)).body.items as Array<{
      treeSize: string;
    }>;
    expect(cps.length).toBeGreaterThanOrEqual(2);
    const last = cps[cps.length - 1]?.treeSize as string;
    const proof = (await get(`/ledger/entries/3/proof?treeSize=${last}`).expect(200)).body;
    expect(checkInclusionProof(proof, publicKeyPem)).toEqual({ ok: true });
    expect(checkInclusionProof({ ...proof, seq: '2' }, publicKeyPem).ok).toBe(false);
    const consistency = await get(
      `/ledger/checkpoints/consistency?from=${cps[0]?.treeSize}&to=${last}`,
    ).expect(200);
    expect(Array.isArray(consistency.body.proof)).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on journal tables (trigger), and the app role may not try', async () => {
    await expect(
      ledger.admin.query(`UPDATE "${SCHEMA}".entries SET event_type = 'x' WHERE seq = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(
      ledger.admin.query(`DELETE FROM "${SCHEMA}".postings WHERE seq = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(ledger.admin.query(`TRUNCATE "${SCHEMA}".checkpoints CASCADE`)).rejects.toThrow(
      /append-only/,
    );
    const role = await ledger.service.dataSource.query('SELECT current_user AS u');
    expect(role).toEqual([{ u: ROLE }]);
    await expect(
      ledger.service.dataSource.query(`DELETE FROM "${SCHEMA}".entries WHERE seq = 1`),
    ).rejects.toThrow(/permission denied/);
    await expect(
      ledger.service.dataSource.query(`UPDATE "${SCHEMA}".checkpoints SET key_id = 'x'`),
    ).rejects.toThrow(/permission denied/);
  });

  it('verify passes an untouched export and names the entry a byte flip, a deleted row or another key breaks', async () => {
    const clean = await exportTo('clean.jsonl');
    const ok = await verifyExportFile(clean, publicKeyPem);
    expect(ok.result).toMatchObject({ ok: true });
    const cli = verifyCli(clean);
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true });

    const t = `"${SCHEMA}"`;
    const flip = `UPDATE ${t}.entries SET canonical = set_byte(canonical, 40, get_byte(canonical, 40) # 1) WHERE seq = 5`;
    const flipped = await tampered([flip], 'flipped.jsonl');
    expect(flipped.result).toMatchObject({ ok: false, firstBadSeq: '5' });
    await tampered([flip], 'restored.jsonl');

    const deleted = await tampered(
      [
        `CREATE TEMP TABLE saved_e AS SELECT * FROM ${t}.entries WHERE seq = 7`,
        `CREATE TEMP TABLE saved_p AS SELECT * FROM ${t}.postings WHERE seq = 7`,
        `DELETE FROM ${t}.postings WHERE seq = 7`,
        `DELETE FROM ${t}.entries WHERE seq = 7`,
      ],
      'deleted.jsonl',
    );
    expect(deleted.result).toMatchObject({ ok: false, firstBadSeq: '7', reason: 'SEQ_MISMATCH' });
    await tampered(
      [
        `INSERT INTO ${t}.entries SELECT * FROM saved_e`,
        `INSERT INTO ${t}.postings SELECT * FROM saved_p`,
      ],
      'reinserted.jsonl',
    );

    const first = (
      await ledger.admin.query(`SELECT * FROM ${t}.checkpoints ORDER BY tree_size LIMIT 1`)
    ).rows[0];
    const other = createCheckpointSigner(generateSigningKeyPair().privateKeyPem);
    const forged = signCheckpoint(
      {
        treeSize: BigInt(first.tree_size),
        rootHash: first.root_hash,
        chainHash: first.chain_hash,
        issuedAt: first.issued_at,
      },
      other,
    );
    const resigned = await tampered(
      [
        `UPDATE ${t}.checkpoints SET key_id = '${forged.keyId}', signature = '${forged.signature}' WHERE tree_size = ${first.tree_size}`,
      ],
      'resigned.jsonl',
    );
    expect(resigned.result).toMatchObject({ ok: false, firstBadSeq: '1' });
    expect(['CHECKPOINT_KEY_MISMATCH', 'CHECKPOINT_SIGNATURE_INVALID']).toContain(
      resigned.result['reason'],
    );
    const badCli = verifyCli(join(ledger.dir, 'resigned.jsonl'));
    expect(badCli.status).toBe(1);
    await tampered(
      [
        `UPDATE ${t}.checkpoints SET key_id = '${first.key_id}', signature = '${first.signature}' WHERE tree_size = ${first.tree_size}`,
      ],
      'restored2.jsonl',
    );
    const again = await verifyExportFile(await exportTo('again.jsonl'), publicKeyPem);
    expect(again.result).toMatchObject({ ok: true });
  });
});
