import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Topics, uuidv7 } from '@riskpool/contracts';
import {
  claimApproved,
  heldShare,
  identity,
  newClaim,
  waitFor,
  useHarness,
  pain001Folders,
} from '../support/harness';

const SCHEMA = 'settlement_pain001_it';
const { dir, XSD, OUTBOX, INBOX, remove } = pain001Folders('settlement-pain001-');
const h = useHarness(
  SCHEMA,
  {
    PAYMENT_RAIL: 'PAIN001_FILE',
    PAIN001_OUTBOX_DIR: OUTBOX,
    PAIN001_INBOX_DIR: INBOX,
    PAIN001_CUSTODIAN_BIC: 'CUSTCNBJXXX',
    PAIN001_FUND_ACCOUNTS: 'CITY=6222000000000001;TOWN:XIAOLAN=6222000000000002',
    PAIN001_BANK_ACCOUNTS: 'PB1=9558000000000009',
    PAYMENT_ATTEMPTS_MAX: '2',
    PAYMENT_BACKOFF_BASE_MS: '200',
  },
  remove,
);

/** Validates with xmllint; a missing xmllint fails the test (install libxml2-utils). */
function xmllint(file: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync('xmllint', ['--noout', '--schema', XSD, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, output };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { status?: number; stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('xmllint is not installed: apt-get install -y libxml2-utils', {
        cause: error,
      });
    return { ok: false, output: String(e.stderr ?? e.message) };
  }
}

const instructionsOf = (claimId: string) =>
  h.query<{ instruction_id: string; fund_id: string; status: string; attempts: number }>(
    `SELECT instruction_id, fund_id, status, attempts FROM "${SCHEMA}".payment_instructions
     WHERE claim_id = $1 ORDER BY seq`,
    [claimId],
  );

const filesWith = (text: string): string[] =>
  fs
    .readdirSync(OUTBOX)
    .filter((name) => name.endsWith('.xml'))
    .map((name) => path.join(OUTBOX, name))
    .filter((file) => fs.readFileSync(file, 'utf8').includes(text));

/** The CdtTrfTxInf of one payment instruction (its EndToEndId). */
function transferOf(xml: string, id: string | undefined): string {
  const blocks = xml.match(/<CdtTrfTxInf>[\s\S]*?<\/CdtTrfTxInf>/g) ?? [];
  return blocks.find((b) => b.includes(`<EndToEndId>${id}</EndToEndId>`)) ?? '';
}

/** The PmtInf holding one payment instruction. */
function paymentInfoOf(xml: string, id: string | undefined): string {
  const blocks = xml.match(/<PmtInf>[\s\S]*?<\/PmtInf>/g) ?? [];
  return blocks.find((b) => b.includes(`<EndToEndId>${id}</EndToEndId>`)) ?? '';
}

const fenOf = (yuan: string) => BigInt(yuan.replace('.', ''));
const yuanOf = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;

/** NbOfTxs and CtrlSum of the group header and of each PmtInf match the transfers inside. */
function expectConsistentTotals(xml: string): void {
  const amounts = (part: string) =>
    [...part.matchAll(/<InstdAmt Ccy="CNY">([0-9]+\.[0-9]{2})<\/InstdAmt>/g)].map((m) =>
      fenOf(m[1] as string),
    );
  const header = xml.slice(xml.indexOf('<GrpHdr>'), xml.indexOf('</GrpHdr>'));
  const all = amounts(xml);
  expect(header).toContain(`<NbOfTxs>${all.length}</NbOfTxs>`);
  expect(header).toContain(`<CtrlSum>${yuanOf(all.reduce((a, b) => a + b, 0n))}</CtrlSum>`);
  for (const block of xml.match(/<PmtInf>[\s\S]*?<\/PmtInf>/g) ?? []) {
    const mine = amounts(block);
    expect(block).toContain(`<NbOfTxs>${mine.length}</NbOfTxs>`);
    expect(block).toContain(`<CtrlSum>${yuanOf(mine.reduce((a, b) => a + b, 0n))}</CtrlSum>`);
  }
}

function dropStatus(lines: string[]): void {
  const name = `status-${uuidv7()}`;
  const tmp = path.join(INBOX, `${name}.tmp`);
  fs.mkdirSync(INBOX, { recursive: true });
  fs.writeFileSync(tmp, ['end_to_end_id,status,reason,bank_reference', ...lines, ''].join('\n'));
  fs.renameSync(tmp, path.join(INBOX, `${name}.csv`));
}

describe('the pain.001 file rail', () => {
  it('writes a pain.001.001.09 batch that validates against the ISO 20022 schema, and reads back settlement', async () => {
    const ids = newClaim('PB1');
    await h.upstream.send(
      claimApproved(ids, [heldShare('CITY', '135000000'), heldShare('TOWN:XIAOLAN', '600000001')]),
    );
    const submitted = await waitFor('two submitted instructions', async () => {
      const rows = await instructionsOf(ids.claimId);
      return rows.length === 2 && rows.every((r) => r.status === 'SUBMITTED') ? rows : undefined;
    });
    const [city, town] = submitted;
    // Other suites' approvals may share the batch: each file is checked on its own terms.
    const files = filesWith(ids.claimId);
    expect(files.length).toBeGreaterThanOrEqual(1);
    const xml = files.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    for (const file of files) {
      expect(xmllint(file)).toEqual({ ok: true, output: '' });
      expectConsistentTotals(fs.readFileSync(file, 'utf8'));
    }
    expect(transferOf(xml, city?.instruction_id)).toContain(
      '<InstdAmt Ccy="CNY">1350000.00</InstdAmt>',
    );
    expect(transferOf(xml, town?.instruction_id)).toContain(
      '<InstdAmt Ccy="CNY">6000000.01</InstdAmt>',
    );
    expect(transferOf(xml, town?.instruction_id)).toContain(
      '<CdtrAcct><Id><Othr><Id>9558000000000009</Id></Othr></Id></CdtrAcct>',
    );
    expect(paymentInfoOf(xml, city?.instruction_id)).toContain(
      '<DbtrAcct><Id><Othr><Id>6222000000000001</Id></Othr></Id><Ccy>CNY</Ccy></DbtrAcct>',
    );
    expect(paymentInfoOf(xml, town?.instruction_id)).toContain(
      '<DbtrAcct><Id><Othr><Id>6222000000000002</Id></Othr></Id><Ccy>CNY</Ccy></DbtrAcct>',
    );
    expect(xml).toContain('<BICFI>CUSTCNBJXXX</BICFI>');

    dropStatus([
      `${city?.instruction_id},ACSC,,CUST-0001`,
      `${town?.instruction_id},ACSC,,CUST-0002`,
    ]);
    const completed = await h.events.waitFor(
      Topics.payoutCompleted,
      (d) => d.claimId === ids.claimId,
      2,
    );
    expect(
      completed.map((e) => [e.data.payoutId, e.data.rail, e.data.railReference]).sort(),
    ).toEqual(
      [
        [city?.instruction_id, 'PAIN001_FILE', 'CUST-0001'],
        [town?.instruction_id, 'PAIN001_FILE', 'CUST-0002'],
      ].sort(),
    );
    expect((await instructionsOf(ids.claimId)).map((r) => r.status)).toEqual(['PAID', 'PAID']);
    await waitFor('the status file archived', async () =>
      fs.readdirSync(INBOX).some((n) => n.endsWith('.csv')) ? undefined : true,
    );
    expect(fs.readdirSync(path.join(INBOX, 'processed')).length).toBeGreaterThan(0);
    // The same status again changes nothing and pays nothing.
    dropStatus([`${city?.instruction_id},ACSC,,CUST-0001`]);
    await waitFor('the repeated status archived', async () =>
      fs.readdirSync(INBOX).some((n) => n.endsWith('.csv')) ? undefined : true,
    );
    expect(filesWith(ids.claimId)).toEqual(files);
    expect(h.events.of(Topics.payoutCompleted, (d) => d.claimId === ids.claimId)).toHaveLength(2);
  });

  it('sends a rejected payment again in a new file, then parks it as failed, visibly', async () => {
    const ids = newClaim('PB1');
    await h.upstream.send(claimApproved(ids, [heldShare('CITY', '4200')]));
    const [first] = await waitFor('a submitted instruction', async () => {
      const rows = await instructionsOf(ids.claimId);
      return rows[0]?.status === 'SUBMITTED' ? rows : undefined;
    });
    const id = first?.instruction_id as string;
    dropStatus([`${id},RJCT,AC04 closed account,`]);
    await waitFor('the payment sent again', async () => {
      const rows = await instructionsOf(ids.claimId);
      return rows[0]?.status === 'SUBMITTED' && rows[0].attempts === 2 ? true : undefined;
    });
    const files = filesWith(`<EndToEndId>${id}</EndToEndId>`);
    expect(files).toHaveLength(2);
    for (const file of files) expect(xmllint(file).ok).toBe(true);
    dropStatus([`${id},RJCT,AC04 closed account,`]);
    const failed = await h.events.waitFor(
      Topics.payoutFailed,
      (d) => d.payoutId === id && !d.willRetry,
    );
    expect(failed[0]?.data).toEqual(
      expect.objectContaining({ attempt: 2, rail: 'PAIN001_FILE', claimId: ids.claimId }),
    );
    expect(
      h.events.of(Topics.payoutFailed, (d) => d.payoutId === id).map((e) => e.data.willRetry),
    ).toEqual([true, false]);
    const visible = await h
      .get(`/payouts?status=FAILED&claimId=${ids.claimId}`, identity('regulator', null))
      .expect(200);
    expect(visible.body.items).toEqual([
      expect.objectContaining({
        payoutId: id,
        status: 'FAILED',
        attempts: 2,
        lastError: expect.stringContaining('AC04'),
      }),
    ]);
    expect(h.events.of(Topics.payoutCompleted, (d) => d.claimId === ids.claimId)).toHaveLength(0);
  });

  it('is checked by a real validator: a document breaking the schema is refused', () => {
    const valid = filesWith('<MsgId>')[0] as string;
    const broken = path.join(dir, 'broken.xml');
    fs.writeFileSync(
      broken,
      fs
        .readFileSync(valid, 'utf8')
        .replace(
          /<InstdAmt Ccy="CNY">([0-9]+)\.([0-9]{2})<\/InstdAmt>/,
          '<InstdAmt Ccy="CNY">$1.$2123456</InstdAmt>',
        ),
    );
    const result = xmllint(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/InstdAmt/);
    const reordered = path.join(dir, 'reordered.xml');
    fs.writeFileSync(
      reordered,
      fs.readFileSync(valid, 'utf8').replace('<PmtMtd>TRF</PmtMtd>', '<PmtMtd>XXX</PmtMtd>'),
    );
    expect(xmllint(reordered).ok).toBe(false);
  });
});
