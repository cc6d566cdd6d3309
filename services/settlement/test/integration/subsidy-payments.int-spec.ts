import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEvent, EventData, Topics, uuidv7 } from '@riskpool/contracts';
import { identity, waitFor, useHarness, pain001Folders } from '../support/harness';

const SCHEMA = 'settlement_subsidy_it';
const { XSD, OUTBOX, INBOX, remove } = pain001Folders('settlement-subsidy-');
const h = useHarness(
  SCHEMA,
  {
    PAYMENT_RAIL: 'PAIN001_FILE',
    PAIN001_OUTBOX_DIR: OUTBOX,
    PAIN001_INBOX_DIR: INBOX,
    PAIN001_FUND_ACCOUNTS: 'SUBSIDY=6222000000000099',
    PAYMENT_ATTEMPTS_MAX: '2',
    PAYMENT_BACKOFF_BASE_MS: '200',
  },
  remove,
);

type Grant = EventData<typeof Topics.subsidyRoundApproved>['grants'][number];
const E1 = '91350100M000100Y43';
const E2 = '91440000MA4UU1WX5K';
const E3 = '91440101MA59D2QX1A';

function grant(over: Partial<Grant>): Grant {
  return {
    reportId: `R-${uuidv7()}`,
    loanId: 'L1',
    bankId: 'B1',
    uscc: E1,
    townCode: 'XIAOLAN',
    fundId: 'SUBSIDY:CITY',
    requestedFen: '1000',
    grantedFen: '1000',
    lapsedFen: '0',
    payeeAccountNo: '6222000011112222',
    payeeAccountName: 'Xiaolan Optics Co.',
    periodStart: '2026-01-01',
    periodEnd: '2026-04-01',
    economicPolicyVersionId: 'P2026',
    ...over,
  };
}

function approved(roundId: string, grants: Grant[]) {
  return createEvent({
    topic: Topics.subsidyRoundApproved,
    source: 'subsidy',
    subject: roundId,
    data: { roundId, closing: 1, approvedOn: '2026-06-01', funds: [], grants },
  });
}

const paymentsOf = (roundId: string) =>
  h.query<{
    instruction_id: string;
    payee_uscc: string;
    amount_fen: string;
    status: string;
    parts: number;
  }>(
    `SELECT i.instruction_id, i.payee_uscc, i.amount_fen::text, i.status,
       (SELECT count(*)::int FROM "${SCHEMA}".subsidy_payment_parts p
        WHERE p.instruction_id = i.instruction_id) AS parts
     FROM "${SCHEMA}".payment_instructions i WHERE i.round_id = $1 ORDER BY i.payee_uscc`,
    [roundId],
  );

function xmllint(file: string): boolean {
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('xmllint is not installed: apt-get install -y libxml2-utils');
    return false;
  }
}

function dropStatus(lines: string[]): void {
  const name = `status-${uuidv7()}`;
  fs.mkdirSync(INBOX, { recursive: true });
  const tmp = path.join(INBOX, `${name}.tmp`);
  fs.writeFileSync(tmp, ['end_to_end_id,status,reason,bank_reference', ...lines, ''].join('\n'));
  fs.renameSync(tmp, path.join(INBOX, `${name}.csv`));
}

describe('interest subsidy payments (docs/domain.md §9.4)', () => {
  it('pays each enterprise once per round and payee account, in pain.001, and announces the parts', async () => {
    const roundId = `RD-${uuidv7()}`;
    const grants = [
      grant({ loanId: 'L1', fundId: 'SUBSIDY:CITY', grantedFen: '120000' }),
      grant({
        loanId: 'L1',
        fundId: 'SUBSIDY:TOWN:XIAOLAN',
        grantedFen: '80000',
        requestedFen: '120000',
        lapsedFen: '40000',
      }),
      grant({
        loanId: 'L2',
        bankId: 'B2',
        fundId: 'SUBSIDY:CITY',
        grantedFen: '50001',
        requestedFen: '50001',
      }),
      // All lapsed: nothing to pay this enterprise.
      grant({
        uscc: E2,
        loanId: 'L3',
        payeeAccountNo: '6222000033334444',
        grantedFen: '0',
        lapsedFen: '1000',
      }),
      grant({
        uscc: E3,
        loanId: 'L4',
        payeeAccountNo: '6222000055556666',
        payeeAccountName: 'Guzhen Lamps & Co <Ltd>',
        grantedFen: '777',
      }),
    ];
    const event = approved(roundId, grants);
    await h.upstream.send(event);
    const submitted = await waitFor('two submitted payments', async () => {
      const rows = await paymentsOf(roundId);
      return rows.length === 2 && rows.every((r) => r.status === 'SUBMITTED') ? rows : undefined;
    });
    expect(submitted.map((r) => [r.payee_uscc, r.amount_fen, r.parts])).toEqual([
      [E1, '250001', 3],
      [E3, '777', 1],
    ]);

    // A redelivery and a repeated approval of the round (another event id) plan nothing new.
    await h.upstream.send(event, approved(roundId, grants));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await paymentsOf(roundId)).toHaveLength(2);

    const files = fs
      .readdirSync(OUTBOX)
      .filter((n) => n.endsWith('.xml'))
      .map((n) => path.join(OUTBOX, n))
      .filter((f) => fs.readFileSync(f, 'utf8').includes(roundId));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const file of files) expect(xmllint(file)).toBe(true);
    const xml = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const transfer = (id: string) =>
      (xml.match(/<CdtTrfTxInf>[\s\S]*?<\/CdtTrfTxInf>/g) ?? []).find((b) => b.includes(id)) ?? '';
    const [e1, e3] = submitted;
    expect(transfer(e1?.instruction_id as string)).toContain(
      '<InstdAmt Ccy="CNY">2500.01</InstdAmt>',
    );
    expect(transfer(e1?.instruction_id as string)).toContain(
      '<CdtrAcct><Id><Othr><Id>6222000011112222</Id></Othr></Id></CdtrAcct>',
    );
    expect(transfer(e1?.instruction_id as string)).toContain(`<Prtry>USCC</Prtry>`);
    expect(transfer(e3?.instruction_id as string)).toContain('Guzhen Lamps &amp; Co &lt;Ltd&gt;');
    expect(xml).toContain(
      '<DbtrAcct><Id><Othr><Id>6222000000000099</Id></Othr></Id><Ccy>CNY</Ccy></DbtrAcct>',
    );

    dropStatus([`${e1?.instruction_id},ACSC,,CUST-S1`, `${e3?.instruction_id},ACSC,,CUST-S2`]);
    const completed = await h.events.waitFor(
      Topics.subsidyPaymentCompleted,
      (d) => d.roundId === roundId,
      2,
    );
    const forE1 = completed.find((e) => e.data.uscc === E1)?.data;
    expect(forE1).toMatchObject({
      amountFen: '250001',
      payeeAccountNo: '6222000011112222',
      rail: 'PAIN001_FILE',
      railReference: 'CUST-S1',
    });
    expect(forE1?.parts.map((p) => [p.loanId, p.fundId, p.amountFen]).sort()).toEqual([
      ['L1', 'SUBSIDY:CITY', '120000'],
      ['L1', 'SUBSIDY:TOWN:XIAOLAN', '80000'],
      ['L2', 'SUBSIDY:CITY', '50001'],
    ]);
    expect((await paymentsOf(roundId)).map((r) => r.status)).toEqual(['PAID', 'PAID']);

    // Compensation lists and totals keep to compensation; subsidy totals are per subsidy fund.
    const regulator = identity('regulator', null);
    const payouts = await h.get('/payouts?limit=500', regulator).expect(200);
    expect(JSON.stringify(payouts.body)).not.toContain(roundId);
    const totals = await h.get('/totals', regulator).expect(200);
    const subsidyFunds = totals.body.subsidyFunds as Array<{ fundId: string; paidFen: string }>;
    expect(subsidyFunds.find((f) => f.fundId === 'SUBSIDY:CITY')?.paidFen).toBe('170778');
    expect(subsidyFunds.find((f) => f.fundId === 'SUBSIDY:TOWN:XIAOLAN')?.paidFen).toBe('80000');
    expect(
      (totals.body.funds as Array<{ fundId: string }>).some((f) => f.fundId === 'SUBSIDY'),
    ).toBe(false);
  });

  it('sends a rejected subsidy payment again, then parks it, announcing each failure with its parts', async () => {
    const roundId = `RD-${uuidv7()}`;
    await h.upstream.send(approved(roundId, [grant({ loanId: 'L9', grantedFen: '4200' })]));
    const [first] = await waitFor('a submitted payment', async () => {
      const rows = await paymentsOf(roundId);
      return rows[0]?.status === 'SUBMITTED' ? rows : undefined;
    });
    const id = first?.instruction_id as string;
    dropStatus([`${id},RJCT,AC04 closed account,`]);
    await waitFor('the payment sent again', async () => {
      const rows = await h.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM "${SCHEMA}".payment_instructions WHERE instruction_id = $1`,
        [id],
      );
      return rows[0]?.status === 'SUBMITTED' && rows[0].attempts === 2 ? true : undefined;
    });
    dropStatus([`${id},RJCT,AC04 closed account,`]);
    const failures = await h.events.waitFor(
      Topics.subsidyPaymentFailed,
      (d) => d.roundId === roundId,
      2,
    );
    expect(failures.map((e) => [e.data.attempt, e.data.willRetry])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(failures[1]?.data).toMatchObject({
      paymentId: id,
      amountFen: '4200',
      parts: [expect.objectContaining({ loanId: 'L9', fundId: 'SUBSIDY:CITY', amountFen: '4200' })],
    });
    expect((await paymentsOf(roundId)).map((r) => r.status)).toEqual(['FAILED']);
    expect(h.events.of(Topics.subsidyPaymentCompleted, (d) => d.roundId === roundId)).toEqual([]);
  });
});
