// POST /defaults/bulk: a bank's month-end default file (JSON lines, CSV or JSON). Every row is
// judged by the rules of the single route; a refused row changes nothing and stops nothing; the
// whole file is one transaction with its events; the same file again changes nothing.
import { Topics, uuidv7 } from '@riskpool/contracts';
import { bankIdentity, eventually as waitFor } from '@riskpool/testing';
import { call, reportBody, useDefaultEvents } from '../support';

const run = uuidv7().slice(-8);
const BANK = `deb-${run}-b`;
const OTHER_BANK = `deb-${run}-o`;
const loan = (n: number) => `deb-${run}-loan-${n}`;
const OTHERS_LOAN = `deb-${run}-others`;

const suite = useDefaultEvents([Topics.defaultReported], { DEFAULTS_BULK_ROWS_MAX: '6' });
const bank = () => call(suite.service.url, bankIdentity(BANK, '2026-03-01'));
const other = () => call(suite.service.url, bankIdentity(OTHER_BANK, '2026-03-01'));

const row = (loanId: string, overrides: Record<string, unknown> = {}) => ({
  loanId,
  ...reportBody(overrides),
});
const jsonLines = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');

async function count(sql: string, more: unknown[] = []): Promise<number> {
  const rows = (await suite.service.dataSource.query(sql, [`deb-${run}-%`, ...more])) as Array<{
    n: number;
  }>;
  return rows[0]?.n ?? -1;
}
const episodes = () =>
  count(`SELECT count(*)::int AS n FROM "default_events".episodes WHERE loan_id LIKE $1`);
const outbox = () =>
  count(
    `SELECT count(*)::int AS n FROM "default_events".outbox WHERE payload LIKE '%' || $1 || '%' AND topic = $2`,
    [Topics.defaultReported],
  );

beforeAll(async () => {
  for (let n = 1; n <= 6; n++) await suite.upstream.loanRegistered(loan(n), BANK, '1000000');
  await suite.upstream.loanRegistered(OTHERS_LOAN, OTHER_BANK, '1000000');
  await waitFor('projections', async () =>
    (await count(`SELECT count(*)::int AS n FROM "default_events".loans WHERE loan_id LIKE $1`)) ===
    7
      ? true
      : undefined,
  );
});

describe('POST /defaults/bulk', () => {
  it('reports the good rows, refuses the bad ones by row and field, and says which is which', async () => {
    const file = [
      row(loan(1)),
      row(loan(2), { daysPastDue: -1 }), // invalid field
      row(OTHERS_LOAN), // another bank's loan: unknown to this bank
      row(`deb-${run}-nope`), // no such loan
      row(loan(3), { outstandingAtDefaultFen: '1000001' }), // more than is outstanding
      row(loan(4)),
    ];
    const before = await episodes();
    const answer = await bank()
      .post('/defaults/bulk', jsonLines(file), uuidv7(), 'application/x-ndjson')
      .expect(200);
    expect(answer.body).toMatchObject({ rows: 6, reported: 2, repeated: 0, refused: 4 });
    const results = answer.body.results as Array<Record<string, unknown>>;
    expect(results.map((r) => [r['row'], r['status']])).toEqual([
      [1, 'REPORTED'],
      [2, 'REFUSED'],
      [3, 'REFUSED'],
      [4, 'REFUSED'],
      [5, 'REFUSED'],
      [6, 'REPORTED'],
    ]);
    expect(results[1]).toMatchObject({
      code: 'REQUEST.INVALID',
      errors: [expect.objectContaining({ field: 'daysPastDue' })],
    });
    // Another bank's loan answers exactly as an unknown one.
    expect(results[2]).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    expect(results[3]).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    expect(results[4]?.['code']).toEqual(expect.any(String));
    expect(results[4]?.['code']).not.toBe('RESOURCE.NOT_FOUND');
    expect(await episodes()).toBe(before + 2);
    // Each reported row has its event, with the default id the answer gave.
    for (const r of [results[0], results[5]]) {
      const [event] = await suite.reader.waitForEvent(
        String(r?.['loanId']),
        Topics.defaultReported,
      );
      expect(event?.data).toMatchObject({ defaultId: r?.['defaultId'], bankId: BANK });
    }
    // The other bank's loan is untouched.
    const [otherLoan] = (await suite.service.dataSource.query(
      `SELECT status FROM "default_events".loans WHERE loan_id = $1`,
      [OTHERS_LOAN],
    )) as Array<{ status: string }>;
    expect(otherLoan?.status).toBe('REGISTERED');
  });

  it('takes CSV; a row already reported the same way is REPEATED and changes nothing', async () => {
    const csv =
      '\uFEFFloanId,outstandingAtDefaultFen,daysPastDue,reachedMinDaysPastDueOn,costsFen\r\n' +
      `${loan(1)},800000,95,2026-02-20,\r\n` +
      `${loan(5)},800000,95,2026-02-20,\r\n`;
    const before = { episodes: await episodes(), outbox: await outbox() };
    const answer = await bank().post('/defaults/bulk', csv, uuidv7(), 'text/csv').expect(200);
    expect(answer.body).toMatchObject({ rows: 2, reported: 1, repeated: 1, refused: 0 });
    expect(await episodes()).toBe(before.episodes + 1);
    expect(await outbox()).toBe(before.outbox + 1);
  });

  it('answers the same Idempotency-Key with the first answer, changing nothing', async () => {
    const key = uuidv7();
    const body = { defaults: [row(loan(6))] };
    const first = await bank().post('/defaults/bulk', body, key).expect(200);
    const before = { episodes: await episodes(), outbox: await outbox() };
    const again = await bank().post('/defaults/bulk', body, key).expect(200);
    expect(again.body).toEqual(first.body);
    expect({ episodes: await episodes(), outbox: await outbox() }).toEqual(before);
  });

  it('refuses a whole file that is unreadable, empty, over the limit or without one valid row', async () => {
    const before = { episodes: await episodes(), outbox: await outbox() };
    const badHeader = await bank()
      .post('/defaults/bulk', 'loanId,colour\nx,y\n', uuidv7(), 'text/csv')
      .expect(400);
    expect(badHeader.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'colour', code: 'unknownColumn' })]),
    );
    await bank().post('/defaults/bulk', '\n', uuidv7(), 'application/x-ndjson').expect(400);
    const seven = jsonLines(Array.from({ length: 7 }, (_, i) => row(loan(i + 1))));
    const tooMany = await bank()
      .post('/defaults/bulk', seven, uuidv7(), 'application/x-ndjson')
      .expect(413);
    expect(tooMany.body.code).toBe('CREDIT.BULK_TOO_LARGE');
    const noneValid = await bank()
      .post(
        '/defaults/bulk',
        jsonLines([row(loan(2), { daysPastDue: 'x' })]),
        uuidv7(),
        'application/x-ndjson',
      )
      .expect(400);
    expect(noneValid.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['rows[1].daysPastDue']),
    );
    expect({ episodes: await episodes(), outbox: await outbox() }).toEqual(before);
  });

  it('lets a bank report only its own loans, and only a bank may call it', async () => {
    const answer = await other()
      .post('/defaults/bulk', jsonLines([row(loan(2))]), uuidv7(), 'application/x-ndjson')
      .expect(200);
    expect(answer.body).toMatchObject({ reported: 0, refused: 1 });
    expect(answer.body.results[0]).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
  });
});
