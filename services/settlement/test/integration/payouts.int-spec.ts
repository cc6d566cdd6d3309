import { Topics } from '@riskpool/contracts';
import {
  claimApproved,
  heldShare,
  identity,
  newClaim,
  queueFilled,
  waitFor,
  useHarness,
} from '../support/harness';

// Every payment's first call is refused by the simulated rail, so every payout below also shows
// a failed attempt that is retried (with backoff) and paid once.
const SCHEMA = 'settlement_payouts_it';
const h = useHarness(SCHEMA, {
  SIM_RAIL_FAIL_FIRST_ATTEMPTS: '1',
  PAYMENT_BACKOFF_BASE_MS: '200',
  PAYMENT_BACKOFF_MAX_MS: '1000',
  PAYMENT_ATTEMPTS_MAX: '4',
});

interface InstructionRow {
  instruction_id: string;
  fund_id: string;
  source: string;
  amount_fen: string;
  status: string;
  attempts: number;
}

const instructionsOf = (claimId: string) =>
  h.query<InstructionRow>(
    `SELECT instruction_id, fund_id, source, amount_fen::text, status, attempts
     FROM "${SCHEMA}".payment_instructions WHERE claim_id = $1 ORDER BY seq`,
    [claimId],
  );

/** Money the rail moved for a claim's instructions: one row per payment, ever. */
const railPaymentsOf = async (claimId: string) =>
  h.query<{ idempotency_key: string; amount_fen: string }>(
    `SELECT p.idempotency_key, p.amount_fen::text FROM "${SCHEMA}".sim_rail_payments p
     JOIN "${SCHEMA}".payment_instructions i ON i.instruction_id = p.idempotency_key
     WHERE i.claim_id = $1`,
    [claimId],
  );

const allPaid = (claimId: string, count: number) =>
  waitFor(`${count} paid instructions of ${claimId}`, async () => {
    const rows = await instructionsOf(claimId);
    return rows.length === count && rows.every((r) => r.status === 'PAID') ? rows : undefined;
  });

describe('settlement pays approved claims', () => {
  it('pays each held share once, after a refused first attempt, tracing claim, default and loan', async () => {
    const ids = newClaim();
    await h.upstream.send(
      claimApproved(ids, [
        heldShare('CITY', '135000000'),
        {
          fundId: 'TOWN:XIAOLAN',
          shareFen: '135000000',
          heldFen: '100000000',
          queuedFen: '35000000',
        },
      ]),
    );
    const rows = await allPaid(ids.claimId, 2);
    expect(rows.map((r) => [r.fund_id, r.source, r.amount_fen, r.attempts])).toEqual([
      ['CITY', 'APPROVED_SHARE', '135000000', 2],
      ['TOWN:XIAOLAN', 'APPROVED_SHARE', '100000000', 2],
    ]);
    const completed = await h.events.waitFor(
      Topics.payoutCompleted,
      (d) => d.claimId === ids.claimId,
      2,
    );
    expect(completed.map((e) => e.data).sort((a, b) => a.fundId.localeCompare(b.fundId))).toEqual([
      expect.objectContaining({
        claimId: ids.claimId,
        loanId: ids.loanId,
        defaultId: ids.defaultId,
        bankId: 'B1',
        fundId: 'CITY',
        amountFen: '135000000',
        rail: 'SIMULATED',
        attempts: 2,
        source: 'APPROVED_SHARE',
      }),
      expect.objectContaining({ fundId: 'TOWN:XIAOLAN', amountFen: '100000000', attempts: 2 }),
    ]);
    expect(completed.every((e) => e.subject === ids.loanId)).toBe(true);
    const failed = await h.events.waitFor(Topics.payoutFailed, (d) => d.claimId === ids.claimId, 2);
    expect(failed.every((e) => e.data.willRetry && e.data.attempt === 1)).toBe(true);
    expect(await railPaymentsOf(ids.claimId)).toHaveLength(2);
    const calls = await h.query<{ outcome: string; n: number }>(
      `SELECT c.outcome, count(*)::int AS n FROM "${SCHEMA}".sim_rail_calls c
       JOIN "${SCHEMA}".payment_instructions i ON i.instruction_id = c.idempotency_key
       WHERE i.claim_id = $1 GROUP BY c.outcome ORDER BY c.outcome`,
      [ids.claimId],
    );
    expect(calls).toEqual([
      { outcome: 'PAID', n: 2 },
      { outcome: 'REFUSED', n: 2 },
    ]);
  });

  it('pays a queued part filled after approval, and one whose hold arrived before the approval', async () => {
    const ids = newClaim();
    const approval = claimApproved(ids, [
      heldShare('CITY', '500'),
      { fundId: 'TOWN:XIAOLAN', shareFen: '500', heldFen: '200', queuedFen: '300' },
    ]);
    // pool-allocation fills 120 then 180 after approving; the first fill's event overtakes the
    // approval on its way here.
    const early = queueFilled(ids, 'TOWN:XIAOLAN', '120', new Date(Date.now() + 5));
    await h.upstream.send(early);
    await waitFor('the early fill parked', async () => {
      const rows = await h.query<{ state: string }>(
        `SELECT state FROM "${SCHEMA}".queue_fills WHERE hold_id = $1`,
        [early.envelope.data.holdId],
      );
      return rows[0]?.state === 'WAITING_FOR_APPROVAL' ? true : undefined;
    });
    expect(await instructionsOf(ids.claimId)).toEqual([]);
    await h.upstream.send(approval);
    await allPaid(ids.claimId, 3);
    const late = queueFilled(ids, 'TOWN:XIAOLAN', '180', new Date(Date.now() + 10));
    await h.upstream.send(late);
    const rows = await allPaid(ids.claimId, 4);
    expect(rows.map((r) => [r.fund_id, r.source, r.amount_fen])).toEqual([
      ['CITY', 'APPROVED_SHARE', '500'],
      ['TOWN:XIAOLAN', 'APPROVED_SHARE', '200'],
      ['TOWN:XIAOLAN', 'QUEUE_FILLED', '120'],
      ['TOWN:XIAOLAN', 'QUEUE_FILLED', '180'],
    ]);
    const completed = await h.events.waitFor(
      Topics.payoutCompleted,
      (d) => d.claimId === ids.claimId,
      4,
    );
    expect(
      completed.filter((e) => e.data.source === 'QUEUE_FILLED').map((e) => e.data.holdId),
    ).toEqual(expect.arrayContaining([early.envelope.data.holdId, late.envelope.data.holdId]));
  });

  it('pays each fill of one hold (a part filled by several deposits), told apart by running totals', async () => {
    const ids = newClaim();
    const holdId = `${ids.claimId}:TOWN:XIAOLAN`; // pool-allocation: one hold per claim and fund
    // 100 was filled before the approval (inside its held 300); the approval counts fills to 100.
    const approval = claimApproved(ids, [
      {
        fundId: 'TOWN:XIAOLAN',
        shareFen: '600',
        heldFen: '300',
        queuedFen: '300',
        filledFen: '100',
      },
    ]);
    // Every fill is stamped an hour early, so only the totals can place them.
    const early = new Date(Date.now() - 3_600_000);
    const before = queueFilled(ids, 'TOWN:XIAOLAN', '100', early, {
      holdId,
      filledTotalFen: '100',
    });
    const after1 = queueFilled(ids, 'TOWN:XIAOLAN', '120', early, {
      holdId,
      filledTotalFen: '220',
    });
    const after2 = queueFilled(ids, 'TOWN:XIAOLAN', '180', early, {
      holdId,
      filledTotalFen: '400',
    });
    await h.upstream.send(before, after1, approval, after2, after1);
    const rows = await allPaid(ids.claimId, 3);
    // The two later fills carry the same clock, so the order they are decided in is not fixed.
    expect(rows.map((r) => [r.source, r.amount_fen]).sort()).toEqual([
      ['APPROVED_SHARE', '300'],
      ['QUEUE_FILLED', '120'],
      ['QUEUE_FILLED', '180'],
    ]);
    const completed = await h.events.waitFor(
      Topics.payoutCompleted,
      (d) => d.claimId === ids.claimId && d.source === 'QUEUE_FILLED',
      2,
    );
    expect(completed.map((e) => e.data.holdId)).toEqual([holdId, holdId]);
  });

  it('does not pay again a part filled before approval (it is in the held share), nor beyond what was queued', async () => {
    const ids = newClaim();
    // Filled before the approval: the approval's heldFen (250) already includes these 50.
    const before = queueFilled(ids, 'TOWN:XIAOLAN', '50', new Date(Date.now() - 60_000));
    const approval = claimApproved(ids, [
      { fundId: 'TOWN:XIAOLAN', shareFen: '300', heldFen: '250', queuedFen: '50' },
    ]);
    const tooMuch = queueFilled(ids, 'TOWN:XIAOLAN', '80', new Date(Date.now() + 10));
    await h.upstream.send(before, approval, tooMuch);
    const rows = await allPaid(ids.claimId, 2);
    expect(rows.map((r) => [r.source, r.amount_fen])).toEqual([
      ['APPROVED_SHARE', '250'],
      ['QUEUE_FILLED', '50'],
    ]);
    const states = await h.query<{ hold_id: string; state: string }>(
      `SELECT hold_id, state FROM "${SCHEMA}".queue_fills WHERE claim_id = $1`,
      [ids.claimId],
    );
    expect(Object.fromEntries(states.map((s) => [s.hold_id, s.state]))).toEqual({
      [before.envelope.data.holdId]: 'IN_APPROVED_SHARE',
      [tooMuch.envelope.data.holdId]: 'PAYABLE',
    });
  });

  it('pays nothing twice for a redelivered approval or a second approval event of the same claim', async () => {
    const ids = newClaim();
    const approval = claimApproved(ids, [heldShare('CITY', '700')]);
    await h.upstream.send(approval);
    await allPaid(ids.claimId, 1);
    const again = claimApproved(ids, [heldShare('CITY', '700')]);
    await h.upstream.send(approval, approval, again);
    // A sentinel claim sent after the copies: once it is paid, the copies were processed.
    const sentinel = newClaim();
    await h.upstream.send(claimApproved(sentinel, [heldShare('CITY', '1')]));
    await allPaid(sentinel.claimId, 1);
    await waitFor('the copies to be consumed', async () => {
      const rows = await h.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${SCHEMA}".inbox WHERE event_id = $1`,
        [again.envelope.id],
      );
      return rows[0]?.n === 1 ? true : undefined;
    });
    expect(await instructionsOf(ids.claimId)).toHaveLength(1);
    expect(await railPaymentsOf(ids.claimId)).toHaveLength(1);
    await h.events.waitFor(Topics.payoutCompleted, (d) => d.claimId === sentinel.claimId);
    expect(h.events.of(Topics.payoutCompleted, (d) => d.claimId === ids.claimId)).toHaveLength(1);
  });

  it('shows payouts to a bank (its own), a fund manager (its fund) and a regulator (all)', async () => {
    const mine = newClaim('BANKA');
    const theirs = newClaim('BANKB');
    await h.upstream.send(
      claimApproved(mine, [heldShare('CITY', '10'), heldShare('TOWN:GUZHEN', '10')]),
      claimApproved(theirs, [heldShare('CITY', '20')]),
    );
    await allPaid(mine.claimId, 2);
    await allPaid(theirs.claimId, 1);

    const bankA = await h.get('/payouts', identity('bank', 'BANKA')).expect(200);
    expect(bankA.body.items.length).toBeGreaterThanOrEqual(2);
    expect(bankA.body.items.every((p: { bankId: string }) => p.bankId === 'BANKA')).toBe(true);
    expect(bankA.body.items[0]).toEqual(
      expect.objectContaining({
        claimId: mine.claimId,
        loanId: mine.loanId,
        defaultId: mine.defaultId,
        status: 'PAID',
        rail: 'SIMULATED',
      }),
    );
    const hidden = await h.get('/payouts?bankId=BANKB', identity('bank', 'BANKA')).expect(404);
    expect(hidden.body.code).toBe('RESOURCE.NOT_FOUND');

    // One payout: its bank, a manager of its fund and the regulator read it; anyone else gets 404.
    const one = bankA.body.items[0] as { payoutId: string; fundId: string };
    const read = (who: ReturnType<typeof identity>) => h.get(`/payouts/${one.payoutId}`, who);
    expect((await read(identity('bank', 'BANKA')).expect(200)).body).toEqual(bankA.body.items[0]);
    await read(identity('regulator', null)).expect(200);
    await read(identity('fund-manager', one.fundId)).expect(200);
    await read(identity('bank', 'BANKB')).expect(404);
    await read(identity('fund-manager', 'TOWN:NOT-IN-SPLIT')).expect(404);
    await h.get('/payouts/no-such-payout', identity('regulator', null)).expect(404);

    const guzhen = await h.get('/payouts', identity('fund-manager', 'TOWN:GUZHEN')).expect(200);
    expect(guzhen.body.items.map((p: { claimId: string }) => p.claimId)).toContain(mine.claimId);
    expect(guzhen.body.items.every((p: { fundId: string }) => p.fundId === 'TOWN:GUZHEN')).toBe(
      true,
    );
    await h.get('/payouts?fundId=CITY', identity('fund-manager', 'TOWN:GUZHEN')).expect(404);

    const regulator = await h
      .get(`/payouts?claimId=${theirs.claimId}`, identity('regulator', null))
      .expect(200);
    expect(regulator.body.items).toHaveLength(1);
    expect(regulator.body.items[0].bankId).toBe('BANKB');

    const page = await h.get('/payouts?limit=1', identity('regulator', null)).expect(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await h
      .get(`/payouts?limit=1&cursor=${page.body.nextCursor}`, identity('regulator', null))
      .expect(200);
    expect(next.body.items[0].payoutId).not.toBe(page.body.items[0].payoutId);

    await h.get('/payouts', identity('admin', null)).expect(403);
  });
});
