// docs/domain.md §8.5: under AFTER_RECOVERY the bank declares recovery finished with
// POST /loans/{id}/recovery-closed (credit.recovery-closed.v1 with the net recovered so far).
// Refused, with the field named and nothing changed: a loan compensated in advance (400 on
// loanId), one not defaulted or declared already (409), another bank's (404). While the loan
// waits, a write-off is refused.
import { Topics, uuidv7 } from '@riskpool/contracts';
import { bankIdentity, testPolicyVariant } from '@riskpool/testing';
import { call, loanUnder, reportBody, useDefaultEvents, waitForLoansAndPolicy } from '../support';

const run = uuidv7().slice(-8);
const BANK = `dar-${run}-b`;
const OTHER_BANK = `dar-${run}-o`;
const WAITING_LOAN = `dar-${run}-ar`;
const IDLE_LOAN = `dar-${run}-idle`;
const ADVANCE_LOAN = `dar-${run}-adv`;
const SILENT_LOAN = `dar-${run}-silent`;
// A version of its own, starting far ahead so it governs no action date of any suite: only the
// loans registered under it take its economic terms.
const AFTER_RECOVERY_VERSION = `IT-AFTERREC-${run}`;

const suite = useDefaultEvents([Topics.recoveryClosed]);
const bank = (date = '2026-03-01') => call(suite.service.url, bankIdentity(BANK, date));

async function state(): Promise<{ outbox: number; closed: number }> {
  const rows = (await suite.service.dataSource.query(
    `SELECT (SELECT count(*) FROM "default_events".outbox)::int AS outbox,
            (SELECT count(*) FROM "default_events".episodes
              WHERE recovery_closed_on IS NOT NULL AND loan_id LIKE $1)::int AS closed`,
    [`dar-${run}-%`],
  )) as Array<{ outbox: number; closed: number }>;
  return rows[0] ?? { outbox: -1, closed: -1 };
}

const report = reportBody();

const registerUnder = (loanId: string, policyVersionId: string) =>
  loanUnder(suite.upstream, { loanId, bankId: BANK, policyVersionId });

beforeAll(async () => {
  await suite.upstream.send(
    Topics.policyPublished,
    AFTER_RECOVERY_VERSION,
    testPolicyVariant(AFTER_RECOVERY_VERSION, '2091-01-01', {
      compensationTiming: 'AFTER_RECOVERY',
    }),
  );
  await registerUnder(WAITING_LOAN, AFTER_RECOVERY_VERSION);
  await registerUnder(IDLE_LOAN, AFTER_RECOVERY_VERSION);
  await registerUnder(ADVANCE_LOAN, 'IT-POLICY-2026');
  await registerUnder(SILENT_LOAN, AFTER_RECOVERY_VERSION);
  await waitForLoansAndPolicy(suite.service, `dar-${run}`, AFTER_RECOVERY_VERSION, 4);
});

describe('default-events: recovery-closed (AFTER_RECOVERY)', () => {
  it('refuses a loan compensated in advance with 400 naming loanId; nothing changes', async () => {
    await bank().post(`/loans/${ADVANCE_LOAN}/defaults`, report).expect(201);
    const before = await state();
    const refused = await bank().post(`/loans/${ADVANCE_LOAN}/recovery-closed`, {}).expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'loanId', code: 'NOT_AFTER_RECOVERY' }),
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses a loan that is not defaulted with 409 naming the loan; nothing changes', async () => {
    const before = await state();
    const refused = await bank().post(`/loans/${IDLE_LOAN}/recovery-closed`, {}).expect(409);
    expect(refused.body).toMatchObject({ code: 'CREDIT.NOT_AWAITING_RECOVERY_CLOSE' });
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: '(loan)', code: 'NOT_AWAITING_RECOVERY_CLOSE' }),
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses another bank (404, as if the loan did not exist)', async () => {
    await call(suite.service.url, bankIdentity(OTHER_BANK))
      .post(`/loans/${WAITING_LOAN}/recovery-closed`, {})
      .expect(404);
  });

  it('while waiting refuses a write-off; the declaration announces the net recovered and the recoveries counted; a second is 409', async () => {
    const reported = await bank().post(`/loans/${WAITING_LOAN}/defaults`, report).expect(201);
    const defaultId = reported.body.defaultId as string;
    await bank('2026-06-01').post(`/loans/${WAITING_LOAN}/write-off`, {}).expect(409);
    const first = await bank('2026-06-01')
      .post(`/loans/${WAITING_LOAN}/recoveries`, { amountFen: '100000', costsFen: '10000' })
      .expect(201);
    const second = await bank('2026-09-01')
      .post(`/loans/${WAITING_LOAN}/recoveries`, { amountFen: '50000', costsFen: '0' })
      .expect(201);

    const closed = await bank('2027-01-04')
      .post(`/loans/${WAITING_LOAN}/recovery-closed`, {})
      .expect(201);
    expect(closed.body).toEqual({
      defaultId,
      loanId: WAITING_LOAN,
      closedOn: '2027-01-04',
      netRecoveredFen: '140000',
      recoveryIds: [first.body.recoveryId, second.body.recoveryId],
    });
    const [event] = await suite.reader.waitForEvent(WAITING_LOAN, Topics.recoveryClosed);
    expect(event?.data).toEqual({ ...closed.body, bankId: BANK });

    const history = await bank('2027-01-04').get(`/loans/${WAITING_LOAN}/defaults`).expect(200);
    expect(JSON.stringify(history.body)).toContain('"recoveryClosedOn":"2027-01-04"');

    const before = await state();
    const again = await bank('2027-01-05')
      .post(`/loans/${WAITING_LOAN}/recovery-closed`, {})
      .expect(409);
    expect(again.body.errors).toEqual([
      expect.objectContaining({ field: '(loan)', code: 'NOT_AWAITING_RECOVERY_CLOSE' }),
    ]);
    expect(await state()).toEqual(before);
  });

  it('declares recovery finished by itself the day after the last day, when the business clock passes it', async () => {
    const reported = await bank().post(`/loans/${SILENT_LOAN}/defaults`, report).expect(201);
    const recovered = await bank('2026-06-01')
      .post(`/loans/${SILENT_LOAN}/recoveries`, { amountFen: '20000', costsFen: '0' })
      .expect(201);
    const clock = async (businessDate: string, previousBusinessDate: string) =>
      suite.upstream.send(Topics.gatewayBusinessDateChanged, 'business-clock', {
        businessDate,
        previousBusinessDate,
        changedAt: new Date().toISOString(),
      });
    // Reported 2026-03-01: the last day to declare is 2028-03-01.
    await clock('2028-03-01', '2028-02-29');
    await clock('2028-03-02', '2028-03-01');
    const [event] = await suite.reader.waitForEvent(SILENT_LOAN, Topics.recoveryClosed);
    expect(event?.data).toEqual({
      defaultId: reported.body.defaultId,
      loanId: SILENT_LOAN,
      bankId: BANK,
      closedOn: '2028-03-02',
      netRecoveredFen: '20000',
      recoveryIds: [recovered.body.recoveryId],
    });
    // Once: later clock moves and a late declaration change nothing.
    await clock('2028-03-03', '2028-03-02');
    await bank('2028-03-03').post(`/loans/${SILENT_LOAN}/recovery-closed`, {}).expect(409);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(suite.reader.of(SILENT_LOAN, Topics.recoveryClosed)).toHaveLength(1);
  });
});
