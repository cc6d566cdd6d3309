import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ensureLedgerKeyFile,
  eventually,
  Keys,
  loanBody,
  PublicApi,
  REPO_ROOT,
  seedSubsidy,
  setUpProgramme,
  SubsidyDemo,
} from '@riskpool/testing';
import { createCheckpointSigner, entryFromJson } from '@riskpool/ledger-core';
import { forgeExport } from '@riskpool/ledger-core/test-support';
import { RunningSystem, startSystem } from './support/system';
import { runVerifyCli } from './support/verify-cli';

interface RoundFund {
  fundId: string;
  requestedFen: string;
  grantedFen: string;
  lapsedFen: string;
  proRata: boolean;
  decision: string | null;
}
interface Round {
  roundId: string;
  status: string;
  funds: RoundFund[];
}

interface Grant {
  reportId: string;
  loanId: string;
  uscc: string;
  fundId: string;
  grantedFen: string;
  lapsedFen: string;
}

let system: RunningSystem;
// Settlement pays through pain.001 files (the custodian's folders), as in production.
fs.mkdirSync(path.join(REPO_ROOT, 'tmp'), { recursive: true });
const custodian = fs.mkdtempSync(path.join(REPO_ROOT, 'tmp', 'subsidy-e2e-custodian-'));
const OUTBOX = path.join(custodian, 'outbox');
const INBOX = path.join(custodian, 'inbox');
let api: PublicApi;
let keys: Keys;
let demo: SubsidyDemo;
const loanIds: string[] = [];

beforeAll(async () => {
  system = await startSystem({
    env: {
      settlement: {
        PAYMENT_RAIL: 'PAIN001_FILE',
        PAIN001_OUTBOX_DIR: OUTBOX,
        PAIN001_INBOX_DIR: INBOX,
        PAIN001_FUND_ACCOUNTS: 'SUBSIDY=6222000000000099',
      },
    },
  });
  api = new PublicApi(system.gatewayUrl);
  keys = await setUpProgramme(api, system.adminKey, '2026-01-05');
  for (const [i, [key, town, principalFen, flags]] of (
    [
      [keys.b1, 'XIAOLAN', '800000000', ['IP_PLEDGE']],
      [keys.b1, 'TORCH', '3000000000', []],
      [keys.b2, 'XIAOLAN', '1200000000', ['IP_PLEDGE']],
    ] as const
  ).entries()) {
    const loan = await api.expect<{ loanId: string }>(
      201,
      key,
      'POST',
      '/loans',
      loanBody({
        bankReference: `SUBSIDY-E2E-${i}`,
        usccNo: 700 + i,
        townCode: town,
        principalFen,
        flags: [...flags],
      }),
    );
    loanIds.push(loan.loanId);
  }
  await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-06-01' });
}, 600_000);

afterAll(async () => {
  await system?.stop();
  fs.rmSync(custodian, { recursive: true, force: true });
});

const fundLines = (round: Round) =>
  round.funds.map((f) => [f.fundId, f.requestedFen, f.grantedFen, f.lapsedFen, f.proRata]);

describe('interest subsidy through the gateway (docs/domain.md §9)', () => {
  it('seeds the demo round: reports, then a closing that cuts SUBSIDY:TOWN:XIAOLAN pro rata', async () => {
    demo = await seedSubsidy(api, system.adminKey, keys, {
      xiaolanIp: loanIds[0] as string,
      torch: loanIds[1] as string,
      xiaolanIpB2: loanIds[2] as string,
    });
    const round = await api.expect<Round>(
      200,
      keys.regulator,
      'GET',
      `/subsidy/rounds/${demo.roundId}`,
    );
    expect(round.status).toBe('CLOSED');
    expect(fundLines(round)).toEqual([
      ['SUBSIDY:CITY', '16089041', '16089041', '0', false],
      ['SUBSIDY:TOWN:TORCH', '8321918', '8321918', '0', false],
      ['SUBSIDY:TOWN:XIAOLAN', '7767123', '5000000', '2767123', true],
    ]);
    const grants = await api.expect<{ items: Array<{ loanId: string; grantedFen: string }> }>(
      200,
      demo.keys.xiaolan,
      'GET',
      `/subsidy/grants?roundId=${demo.roundId}`,
    );
    expect(grants.items.map((g) => [g.loanId, g.grantedFen])).toEqual([
      [loanIds[0], '2000000'],
      [loanIds[2], '3000000'],
    ]);
  });

  it('keeps each party in its scope: a bank its loans, a town manager its fund, no write for the regulator', async () => {
    const b2 = await api.expect<{ items: Array<{ loanId: string }> }>(
      200,
      keys.b2,
      'GET',
      '/subsidy/interest-reports',
    );
    expect(b2.items.map((r) => r.loanId)).toEqual([loanIds[2]]);
    const torch = await api.expect<Round>(
      200,
      demo.keys.torch,
      'GET',
      `/subsidy/rounds/${demo.roundId}`,
    );
    expect(torch.funds.map((f) => f.fundId)).toEqual(['SUBSIDY:TOWN:TORCH']);
    const other = await api.call(
      demo.keys.torch,
      'POST',
      `/subsidy/rounds/${demo.roundId}/decisions`,
      {
        decision: 'APPROVE',
        fundId: 'SUBSIDY:TOWN:XIAOLAN',
      },
    );
    expect(other.status).toBe(403);
    const compensationManager = await api.call(
      keys.xiaolan,
      'POST',
      `/subsidy/rounds/${demo.roundId}/decisions`,
      {
        decision: 'APPROVE',
      },
    );
    expect(compensationManager.status).toBe(403);
    expect(
      (
        await api.call(keys.regulator, 'POST', '/subsidy/rounds', {
          from: '2026-05-01',
          to: '2026-08-01',
        })
      ).status,
    ).toBe(403);
  });

  it('refuses a report into the closed round, naming roundId', async () => {
    const late = await api.call(keys.b1, 'POST', '/subsidy/interest-reports', {
      loanId: loanIds[1],
      periodStart: '2026-04-10',
      periodEnd: '2026-04-20',
      interestPaidFen: '1000',
      outstandingAtStartFen: '3000000000',
      payeeAccountNo: '6222020200112233',
      payeeAccountName: 'Demo Enterprise Co., Ltd.',
      roundId: demo.roundId,
    });
    expect(late.status).toBe(409);
    expect((late.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'roundId',
    ]);
  });

  it('approves fund by fund; the last approval makes the round APPROVED', async () => {
    for (const key of [demo.keys.city, demo.keys.torch]) {
      const round = await api.expect<Round>(
        200,
        key,
        'POST',
        `/subsidy/rounds/${demo.roundId}/decisions`,
        {
          decision: 'APPROVE',
        },
      );
      expect(round.status).toBe('CLOSED');
    }
    const done = await api.expect<Round>(
      200,
      demo.keys.xiaolan,
      'POST',
      `/subsidy/rounds/${demo.roundId}/decisions`,
      {
        decision: 'APPROVE',
      },
    );
    expect(done.status).toBe('APPROVED');
    const funds = await api.expect<{
      items: Array<{ fundId: string; availableFen: string; heldFen: string }>;
    }>(200, keys.regulator, 'GET', '/subsidy/funds');
    expect(
      funds.items
        .filter((f) => f.fundId !== 'SUBSIDY:TOWN:GUZHEN')
        .map((f) => [f.fundId, f.availableFen, f.heldFen]),
    ).toEqual([
      ['SUBSIDY:CITY', '83910959', '16089041'],
      ['SUBSIDY:TOWN:TORCH', '1678082', '8321918'],
      ['SUBSIDY:TOWN:XIAOLAN', '0', '5000000'],
    ]);
  });

  it('pays each enterprise once for the round, in pain.001, settled by the custodian', async () => {
    const grants = await api.expect<{ items: Grant[] }>(
      200,
      keys.regulator,
      'GET',
      `/subsidy/grants?roundId=${demo.roundId}`,
    );
    const owed = new Map<string, bigint>();
    for (const g of grants.items) owed.set(g.uscc, (owed.get(g.uscc) ?? 0n) + BigInt(g.grantedFen));
    const payable = [...owed].filter(([, fen]) => fen > 0n);
    expect(payable.length).toBe(3);
    const transfers = await eventually('a pain.001 transfer per enterprise', async () => {
      const blocks = fs.existsSync(OUTBOX)
        ? fs
            .readdirSync(OUTBOX)
            .filter((n) => n.endsWith('.xml'))
            .flatMap(
              (n) =>
                fs
                  .readFileSync(path.join(OUTBOX, n), 'utf8')
                  .match(/<CdtTrfTxInf>[\s\S]*?<\/CdtTrfTxInf>/g) ?? [],
            )
            .filter((b) => b.includes(`round ${demo.roundId}`))
        : [];
      return blocks.length >= payable.length ? blocks : undefined;
    });
    const files = fs.readdirSync(OUTBOX).filter((n) => n.endsWith('.xml'));
    for (const name of files)
      execFileSync('xmllint', [
        '--noout',
        '--schema',
        path.join(REPO_ROOT, 'services/settlement/test/fixtures/pain.001.001.09.xsd'),
        path.join(OUTBOX, name),
      ]);
    const paid = transfers.map((b) => {
      const uscc = /<Cdtr>.*?<Id>([0-9A-Z]{18})<\/Id>/.exec(b)?.[1] as string;
      const yuan = /<InstdAmt Ccy="CNY">([0-9.]+)<\/InstdAmt>/.exec(b)?.[1] as string;
      const id = /<EndToEndId>([^<]+)<\/EndToEndId>/.exec(b)?.[1] as string;
      return { uscc, fen: BigInt(yuan.replace('.', '')), id };
    });
    // One transfer per enterprise, for the sum of its grants over loans and funds.
    expect(paid.map((p) => [p.uscc, p.fen]).sort()).toEqual(payable.sort());
    fs.mkdirSync(INBOX, { recursive: true });
    const status = path.join(INBOX, 'subsidy-status.tmp');
    fs.writeFileSync(
      status,
      [
        'end_to_end_id,status,reason,bank_reference',
        ...paid.map((p, i) => `${p.id},ACSC,,CUST-SUB-${i}`),
        '',
      ].join('\n'),
    );
    fs.renameSync(status, path.join(INBOX, 'subsidy-status.csv'));
  });

  it('books grants, lapses and payments per loan in the ledger', async () => {
    const grants = await api.expect<{ items: Grant[] }>(
      200,
      keys.regulator,
      'GET',
      `/subsidy/grants?roundId=${demo.roundId}`,
    );
    const balances = await eventually('every grant paid in the ledger', async () => {
      const b = await api.expect<{
        accounts: Array<{ account: string; debitsPosted: string; creditsPosted: string }>;
      }>(200, keys.regulator, 'GET', '/ledger/balances');
      const of = new Map(b.accounts.map((a) => [a.account, a]));
      const done = grants.items.every(
        (g) =>
          BigInt(g.grantedFen) === 0n ||
          of.get(`loan:${g.loanId}:subsidy-payable:fund:${g.fundId}`)?.debitsPosted ===
            g.grantedFen,
      );
      return done ? of : undefined;
    });
    for (const g of grants.items) {
      if (BigInt(g.grantedFen) > 0n)
        expect(balances.get(`loan:${g.loanId}:subsidy-payable:fund:${g.fundId}`)).toMatchObject({
          creditsPosted: g.grantedFen,
          debitsPosted: g.grantedFen,
        });
      if (BigInt(g.lapsedFen) > 0n)
        expect(
          balances.get(`loan:${g.loanId}:subsidy-lapsed:fund:${g.fundId}`)?.creditsPosted,
        ).toBe(g.lapsedFen);
    }
    // The demo's cut: 2,767,123 fen of SUBSIDY:TOWN:XIAOLAN's requests lapsed.
    expect(balances.get('fund:SUBSIDY:TOWN:XIAOLAN:lapsed')?.debitsPosted).toBe('2767123');
    expect(balances.get('fund:SUBSIDY:TOWN:XIAOLAN:subsidies-paid')?.creditsPosted).toBe('5000000');
    expect(balances.get('fund:SUBSIDY:CITY:subsidies-paid')?.creditsPosted).toBe('16089041');
  });

  it('reconciles the subsidy funds with the subsidy service and settlement', async () => {
    const agreed = await eventually('the ledger and its sources to agree', async () => {
      const r = await api.expect<{ ok: boolean; differences: unknown[] }>(
        200,
        keys.regulator,
        'GET',
        '/ledger/reconciliation',
      );
      return r.ok ? r : undefined;
    });
    expect(agreed.differences).toEqual([]);
  });

  it('verify recomputes every grant and passes; a tampered grant fails it', async () => {
    const dir = fs.mkdtempSync(path.join(system.logDir, 'subsidy-verify-'));
    const exportFile = path.join(dir, 'ledger-export.jsonl');
    const keyFile = path.join(dir, 'ledger-key.pem');
    const keyId = system.ledgerKeyId;
    // The payments' entries signed by a checkpoint (the last line of the export).
    const text = await eventually('a checkpoint of the payments', async () => {
      const exported = await api.call<string>(keys.regulator, 'GET', '/ledger/export');
      const body = typeof exported.body === 'string' ? exported.body : '';
      const last = body.trim().split('\n').pop() ?? '';
      return last.includes('"type":"checkpoint"') &&
        body.includes('settlement.subsidy-payment-completed.v1')
        ? body
        : undefined;
    });
    fs.writeFileSync(exportFile, text);
    const key = await api.expect<{ publicKeyPem: string }>(
      200,
      keys.regulator,
      'GET',
      '/ledger/public-key',
    );
    fs.writeFileSync(keyFile, key.publicKeyPem);
    const honest = await runVerifyCli(exportFile, keyFile, ['--key-id', keyId]);
    if (!honest.exitedOk) throw new Error(`verify failed: ${honest.stdout}`);

    // The round record tampered: the short fund had more money, so its grants are no longer
    // the pro-rata cut the entries carry; verify names the first grant entry that disagrees.
    const lines = fs.readFileSync(exportFile, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"type":"subsidy-round"'));
    const record = JSON.parse(lines[at] as string) as {
      round: { funds: Array<{ fundId: string; availableFen: string }> };
    };
    for (const f of record.round.funds)
      if (f.fundId === 'SUBSIDY:TOWN:XIAOLAN') f.availableFen = '6000000';
    lines[at] = JSON.stringify(record);
    const tampered = path.join(dir, 'tampered.jsonl');
    fs.writeFileSync(tampered, lines.join('\n'));
    const refused = await runVerifyCli(tampered, keyFile, ['--key-id', keyId]);
    expect(refused.exitedOk).toBe(false);
    expect(refused.stdout).toContain('subsidy-recomputed-from-policy');
    expect(refused.stdout).toContain('SUBSIDY:TOWN:XIAOLAN');
  });

  it('verify fails on a tampered grant entry and names it, even re-hashed and re-signed with the real key', async () => {
    const dir = fs.mkdtempSync(path.join(system.logDir, 'subsidy-grant-tamper-'));
    const exported = await api.call<string>(keys.regulator, 'GET', '/ledger/export');
    const lines = String(exported.body).trim().split('\n');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const keyFile = path.join(dir, 'ledger-key.pem');
    const signingKey = ensureLedgerKeyFile(system.logDir);
    fs.writeFileSync(keyFile, signingKey.publicKeyPem);
    const verify = async (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      const run = await runVerifyCli(file, keyFile, ['--key-id', system.ledgerKeyId]);
      const report = JSON.parse(run.stdout) as { result?: Record<string, unknown> };
      return { ok: run.exitedOk, result: report.result ?? {} };
    };
    expect((await verify('honest.jsonl', lines.join('\n'))).ok).toBe(true);

    // A city grant (the city fund was not short) made 1 fen larger: the fund's available gives
    // one fen more to the loan's payable, so the entry still balances and breaks no account rule.
    const at = records.findIndex(
      (r) =>
        r['type'] === 'entry' &&
        r['eventType'] === 'subsidy.round-approved.v1' &&
        (r['postings'] as Array<{ account: string }>).some(
          (p) => p.account === 'fund:SUBSIDY:CITY:available',
        ),
    );
    expect(at).toBeGreaterThan(0);
    const grant = records[at] as {
      seq: string;
      loanId: string;
      postings: Array<{ account: string; side: string; amountFen: string }>;
    };
    const bumped = grant.postings.map((p) =>
      p.account === 'fund:SUBSIDY:CITY:available' ||
      p.account === `loan:${grant.loanId}:subsidy-payable:fund:SUBSIDY:CITY`
        ? { ...p, amountFen: String(BigInt(p.amountFen) + 1n) }
        : p,
    );

    // Edited in place: the entry no longer is the bytes the chain and checkpoints sign.
    const edited = [...lines];
    edited[at] = JSON.stringify({ ...records[at], postings: bumped });
    const inPlace = await verify('edited.jsonl', edited.join('\n'));
    expect(inPlace.ok).toBe(false);
    expect(inPlace.result).toMatchObject({ firstBadSeq: grant.seq });

    // Re-hashed, re-chained and re-signed by someone holding the ledger's signing key: chain,
    // roots and signature hold, and the recomputation of the grant from its report, policy
    // version and round is what fails, at that entry.
    const entryKeys = new Set(['type', 'canonical', 'leafHash', 'chainHash']);
    const contents = records
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r['type'] === 'entry')
      .map(({ r, i }) => {
        const {
          seq: _seq,
          prevHash: _prev,
          ...entry
        } = entryFromJson(i === at ? { ...r, postings: bumped } : r, entryKeys);
        return entry;
      });
    const forged = forgeExport(
      contents,
      createCheckpointSigner(fs.readFileSync(signingKey.file, 'utf8')),
    );
    const extensions = lines.filter(
      (_, i) =>
        !['header', 'entry', 'checkpoint', 'key-rotation'].includes(String(records[i]?.['type'])),
    );
    const resealed = await verify(
      'resealed.jsonl',
      [
        JSON.stringify(forged[0]),
        ...extensions,
        ...forged.slice(1).map((r) => JSON.stringify(r)),
      ].join('\n'),
    );
    expect(resealed.ok).toBe(false);
    expect(resealed.result).toMatchObject({
      firstBadSeq: grant.seq,
      reason: 'EXTENSION_CHECK_FAILED',
      check: 'subsidy-recomputed-from-policy',
    });
    const granted = BigInt(
      grant.postings.find(
        (p) => p.account === `loan:${grant.loanId}:subsidy-payable:fund:SUBSIDY:CITY`,
      )?.amountFen ?? '0',
    );
    expect(String(resealed.result['message'])).toMatch(
      new RegExp(
        `^entry ${grant.seq}: grant of report \\S+ on SUBSIDY:CITY: the entry grants ${granted + 1n} .*granted ${granted},`,
      ),
    );
  });
});
