import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { freePorts } from '@riskpool/testing';
import { verifyExportFile } from '../../src/verify/verify';
import { exportRequest, ledgerGet, useLedger, waitFor, who } from '../support';

// The loan book as memo entries (docs/adr/0019): the loan and credit events and a bank's admission
// booked per bank and town, a repayment read before its loan's registration waiting (parked) for
// it, the book read back from the journal after a restart, and the export verifying.
const SCHEMA = 'ledger_loan_book_it';
const run = uuidv7().slice(-8);
const L1 = `L1-${run}`;
const L2 = `L2-${run}`;

const ledger = useLedger(SCHEMA, `ledger-lb-${run}`, async () => ({
  LOG_LEVEL: 'warn',
  // The same port after the restart.
  PORT: String((await freePorts(1))[0]),
  LEDGER_CHECKPOINT_EVERY: '2',
  LEDGER_CHECKPOINT_SECONDS: '1',
}));

const regulator: Identity = who('regulator', null, '2026-07-01');
const get = (path: string) => ledgerGet(ledger.service.url, path, regulator);

const { send } = ledger;
async function entryCount(n: number): Promise<true | undefined> {
  const r = await ledger.admin.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".entries`);
  return r.rows[0].n >= n ? true : undefined;
}
async function memo(account: string): Promise<bigint> {
  const body = (await get('/ledger/balances').expect(200)).body as {
    accounts: Array<{ account: string; debitsPosted: string; creditsPosted: string }>;
  };
  const a = body.accounts.find((x) => x.account === account);
  return BigInt(a?.debitsPosted ?? '0') - BigInt(a?.creditsPosted ?? '0');
}

const now = () => new Date().toISOString();
const registered = (loanId: string, principalFen: string, townCode: string) =>
  createEvent({
    topic: Topics.loanRegistered,
    source: 'loan-registry',
    subject: loanId,
    data: {
      loanId,
      bankId: 'B1',
      bankReference: loanId,
      enterprise: {
        uscc: '91442000MA4UJ1T176',
        name: 'Enterprise',
        townCode,
        qualifications: ['HNTE' as const],
      },
      principalFen,
      annualRateBp: 400,
      disbursementDate: '2026-01-10',
      maturityDate: '2028-01-10',
      termMonths: 24,
      flags: [],
      registrationDate: '2026-01-10',
      policyVersionId: 'GZ-2025-v1',
      registeredAt: now(),
    },
  });
const defaulted = (loanId: string, outstandingAtDefaultFen: string, townCode: string) =>
  createEvent({
    topic: Topics.defaultReported,
    source: 'default-events',
    subject: loanId,
    data: {
      defaultId: uuidv7(),
      loanId,
      bankId: 'B1',
      townCode,
      outstandingAtDefaultFen,
      daysPastDue: 95,
      reachedMinDaysPastDueOn: '2026-03-01',
      reportedOn: '2026-03-02',
    },
  });

describe('the loan book in memo entries (docs/adr/0019)', () => {
  it('books registrations, a repayment sent before its registration, a quota and defaults per bank and town; a restart reads the book back from the journal', async () => {
    // The repayment first: it waits (parked) until the registration is booked.
    await send(
      createEvent({
        topic: Topics.loanRepaid,
        source: 'loan-registry',
        subject: L1,
        data: {
          loanId: L1,
          bankId: 'B1',
          repaymentId: uuidv7(),
          amountFen: '250000',
          outstandingFen: '750000',
          repaidOn: '2026-03-05',
        },
      }),
      registered(L1, '1000000', 'XIAOLAN'),
      registered(L2, '400000', 'GUZHEN'),
      createEvent({
        topic: Topics.bankAdmitted,
        source: 'gateway',
        subject: 'B1',
        data: { bankId: 'B1', name: 'Bank One', quotaFen: '10000000', admittedAt: now() },
      }),
    );
    await waitFor('four memo entries', () => entryCount(4));
    expect(await memo('bank:B1:exposure:town:XIAOLAN')).toBe(750_000n);
    expect(await memo('bank:B1:exposure:town:GUZHEN')).toBe(400_000n);
    expect(await memo('bank:B1:exposure-memo:town:XIAOLAN')).toBe(-750_000n);
    expect(await memo('bank:B1:quota')).toBe(10_000_000n);
    const parked = await ledger.admin.query(
      `SELECT count(*)::int AS n FROM "${SCHEMA}".parked_events`,
    );
    expect(parked.rows[0].n).toBe(0);

    // A restart: the loans are read back from the journal, so a default moves L2's exposure from
    // what the journal says it is (400,000) to the outstanding at default.
    await ledger.restart();
    await send(defaulted(L2, '380000', 'GUZHEN'));
    await waitFor('the default booked', () => entryCount(5));
    expect(await memo('bank:B1:exposure:town:GUZHEN')).toBe(380_000n);
    expect(await memo('bank:B1:defaulted:town:GUZHEN')).toBe(380_000n);
    // Written off after a denial: exposure and defaulted exposure end.
    await send(
      createEvent({
        topic: Topics.loanWrittenOff,
        source: 'default-events',
        subject: L2,
        data: { loanId: L2, bankId: 'B1', defaultId: uuidv7(), writtenOffOn: '2026-06-01' },
      }),
    );
    await waitFor('the write-off booked', () => entryCount(6));
    expect(await memo('bank:B1:exposure:town:GUZHEN')).toBe(0n);
    expect(await memo('bank:B1:defaulted:town:GUZHEN')).toBe(0n);
    // Each memo entry carries its loan and is scoped to the bank.
    const entries = (await get(`/ledger/entries?loan=${L2}`).expect(200)).body as {
      items: Array<{ eventType: string }>;
    };
    expect(entries.items.map((e) => e.eventType)).toEqual([
      Topics.loanRegistered,
      Topics.defaultReported,
      Topics.loanWrittenOff,
    ]);
  }, 180_000);

  it('the export with the memo entries verifies', async () => {
    await waitFor('a checkpoint of every entry', async () => {
      const r = await ledger.admin.query(
        `SELECT max(tree_size)::int AS n FROM "${SCHEMA}".checkpoints`,
      );
      return r.rows[0].n === 6 ? true : undefined;
    });
    const exportText = (await exportRequest(ledger.service.url, regulator).expect(200))
      .body as string;
    writeFileSync(join(ledger.dir, 'export.jsonl'), exportText);
    const key = (await get('/ledger/public-key').expect(200)).body.publicKeyPem as string;
    const verified = await verifyExportFile(join(ledger.dir, 'export.jsonl'), key, 0, {}, []);
    expect(verified).toMatchObject({ ok: true, result: { ok: true } });
  }, 120_000);
});
