// A bank's exposures and pool used as running totals (migration 1768100000000): after any
// sequence of loans registered, defaulted, repaid, cured, closed or deleted and of claims opened,
// adjusted, denied or withdrawn, in one transaction or many, the totals the triggers keep (and the
// repository's readings of them) equal the sums over the bank's rows that the NPL breaker and the
// caps used to compute at every default.
import fc from 'fast-check';
import { runInTransaction } from '@riskpool/db';
import { RunningService } from '@riskpool/service-kit';
import { poolUsed } from '../../src/claims/persistence/claim.repository';
import { PoolAllocationConfig } from '../../src/config/pool-allocation.config';
import { bankExposure, bankRegisteredPrincipal } from '../../src/loans/persistence/loan.repository';
import { startPool } from './support';

let service: RunningService<PoolAllocationConfig>;
let schema: string;

beforeAll(async () => {
  ({ service, schema } = await startPool(`exposures_${process.pid}`));
}, 120_000);

afterAll(async () => {
  await service?.stop();
});

const STATUSES = ['REGISTERED', 'DEFAULTED', 'COMPENSATED', 'CLOSED', 'WRITTEN_OFF'] as const;

type Op =
  | { kind: 'insert'; loan: number; bank: string; principal: bigint }
  | {
      kind: 'update';
      loan: number;
      status: (typeof STATUSES)[number];
      outstanding: bigint;
      atDefault: bigint | null;
    }
  | { kind: 'status'; loan: number; status: (typeof STATUSES)[number] }
  | { kind: 'delete'; loan: number }
  | { kind: 'claim'; claim: number; bank: string; year: string; pool: bigint }
  | { kind: 'claim-change'; claim: number; status: (typeof CLAIM_STATUSES)[number]; pool: bigint }
  | { kind: 'claim-delete'; claim: number };

const CLAIM_STATUSES = ['OPEN', 'DEFERRED', 'APPROVED', 'DENIED', 'WITHDRAWN'] as const;

const fenArb = fc.bigInt({ min: 0n, max: 10n ** 13n });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    loan: fc.nat(30),
    bank: fc.constantFrom('B1', 'B2', 'B3'),
    principal: fenArb,
  }),
  fc.record({
    kind: fc.constant('update' as const),
    loan: fc.nat(30),
    status: fc.constantFrom(...STATUSES),
    outstanding: fenArb,
    atDefault: fc.option(fenArb, { nil: null }),
  }),
  // A status alone changes, as a repayment in full or a write-off does.
  fc.record({
    kind: fc.constant('status' as const),
    loan: fc.nat(30),
    status: fc.constantFrom(...STATUSES),
  }),
  fc.record({ kind: fc.constant('delete' as const), loan: fc.nat(30) }),
  fc.record({
    kind: fc.constant('claim' as const),
    claim: fc.nat(20),
    bank: fc.constantFrom('B1', 'B2', 'B3'),
    year: fc.constantFrom('2026', '2027'),
    pool: fenArb,
  }),
  fc.record({
    kind: fc.constant('claim-change' as const),
    claim: fc.nat(20),
    status: fc.constantFrom(...CLAIM_STATUSES),
    pool: fenArb,
  }),
  fc.record({ kind: fc.constant('claim-delete' as const), claim: fc.nat(20) }),
);

let claimNo = 0;

async function apply(run: number, ops: readonly Op[]): Promise<void> {
  const loans = `"${schema}".loans`;
  const claims = `"${schema}".claims`;
  await service.dataSource.transaction(async (manager) => {
    for (const op of ops) {
      const loanId = 'loan' in op ? `exp-${run}-${op.loan}` : '';
      if (op.kind === 'insert')
        await manager.query(
          `INSERT INTO ${loans} (loan_id, bank_id, town_code, principal_fen, outstanding_fen, flags,
             registration_date, policy_version_id, status)
           VALUES ($1, $2, 'T1', $3, $3, '[]'::jsonb, '2026-01-01', 'v1', 'REGISTERED')
           ON CONFLICT (loan_id) DO NOTHING`,
          [loanId, `${op.bank}-${run}`, op.principal.toString()],
        );
      else if (op.kind === 'update')
        await manager.query(
          `UPDATE ${loans} SET status = $2, outstanding_fen = $3, outstanding_at_default_fen = $4
            WHERE loan_id = $1`,
          [loanId, op.status, op.outstanding.toString(), op.atDefault?.toString() ?? null],
        );
      else if (op.kind === 'status')
        await manager.query(`UPDATE ${loans} SET status = $2 WHERE loan_id = $1`, [
          loanId,
          op.status,
        ]);
      else if (op.kind === 'delete')
        await manager.query(`DELETE FROM ${loans} WHERE loan_id = $1`, [loanId]);
      else if (op.kind === 'claim') {
        claimNo += 1;
        await manager.query(
          `INSERT INTO ${claims} (claim_id, claim_no, default_id, loan_id, bank_id, town_code, status,
             opened_on, outstanding_at_default_fen, basis_fen, rate_bp, pool_fen, bank_share_fen,
             cap_reasons, computation, economic_policy_version_id, procedural_policy_version_id)
           VALUES ($1, $2, $1, 'L', $3, 'T1', 'OPEN', $4, 0, 0, 0, $5, 0, '[]', '{}', 'v1', 'v1')
           ON CONFLICT (claim_id) DO NOTHING`,
          [
            `clm-${run}-${op.claim}`,
            1_000_000 + claimNo,
            `${op.bank}-${run}`,
            `${op.year}-03-01`,
            op.pool.toString(),
          ],
        );
      } else if (op.kind === 'claim-change')
        await manager.query(`UPDATE ${claims} SET status = $2, pool_fen = $3 WHERE claim_id = $1`, [
          `clm-${run}-${op.claim}`,
          op.status,
          op.pool.toString(),
        ]);
      else
        await manager.query(`DELETE FROM ${claims} WHERE claim_id = $1`, [
          `clm-${run}-${op.claim}`,
        ]);
    }
  });
}

/** Per bank of `run`: the trigger's totals and the sums over the loans, as text. */
async function totalsAndSums(run: number) {
  const banks = `%-${run}`;
  const totals = (await service.dataSource.query(
    `SELECT bank_id, defaulted_fen::text AS d, total_fen::text AS t,
            registered_principal_fen::text AS p
       FROM "${schema}".bank_exposures WHERE bank_id LIKE $1 ORDER BY bank_id`,
    [banks],
  )) as Array<{ bank_id: string; d: string; t: string; p: string }>;
  const sums = (await service.dataSource.query(
    `SELECT bank_id,
            coalesce(sum(CASE WHEN status = 'DEFAULTED' THEN outstanding_at_default_fen ELSE 0 END), 0)::text AS d,
            coalesce(sum(CASE WHEN status = 'DEFAULTED' THEN outstanding_at_default_fen
                              WHEN status = 'REGISTERED' THEN outstanding_fen ELSE 0 END), 0)::text AS t,
            coalesce(sum(principal_fen), 0)::text AS p
       FROM "${schema}".loans WHERE bank_id LIKE $1 GROUP BY bank_id ORDER BY bank_id`,
    [banks],
  )) as Array<{ bank_id: string; d: string; t: string; p: string }>;
  // A bank whose every loan was deleted keeps a row of zeros.
  const zero = (r: { d: string; t: string; p: string }) =>
    r.d === '0' && r.t === '0' && r.p === '0';
  const bySums = new Map(sums.map((r) => [r.bank_id, r]));
  return { totals: totals.filter((r) => !(zero(r) && !bySums.has(r.bank_id))), sums };
}

/** What the repository reads, per bank of `run`, with and without one of its claims left out. */
async function readings(run: number) {
  return runInTransaction(service.dataSource, schema, async (uow) => {
    const out: Record<string, string[]> = {};
    for (const bank of ['B1', 'B2', 'B3']) {
      const bankId = `${bank}-${run}`;
      const exposure = await bankExposure(uow, bankId);
      const figures = [
        exposure.defaultedFen,
        exposure.totalFen,
        await bankRegisteredPrincipal(uow, bankId),
      ];
      for (const except of [null, `clm-${run}-0`, `clm-${run}-1`])
        figures.push(
          await poolUsed(uow, { bankId: bankId, year: 2026, exceptClaimId: except }),
          await poolUsed(uow, { bankId: bankId, year: 2027, exceptClaimId: except }),
          await poolUsed(uow, { bankId: bankId, exceptClaimId: except }),
        );
      out[bankId] = figures.map(String);
    }
    return out;
  });
}

/** The same figures as sums over the rows (the queries the running totals replaced). */
async function sumsOfClaims(run: number) {
  const out: Record<string, string[]> = {};
  const one = async (sql: string, params: unknown[]) =>
    String(((await service.dataSource.query(sql, params)) as Array<{ v: string }>)[0]?.v ?? '0');
  for (const bank of ['B1', 'B2', 'B3']) {
    const bankId = `${bank}-${run}`;
    const loans = `FROM "${schema}".loans WHERE bank_id = $1`;
    const figures = [
      await one(
        `SELECT coalesce(sum(CASE WHEN status = 'DEFAULTED' THEN outstanding_at_default_fen ELSE 0 END), 0)::text AS v ${loans}`,
        [bankId],
      ),
      await one(
        `SELECT coalesce(sum(CASE WHEN status = 'DEFAULTED' THEN outstanding_at_default_fen
                   WHEN status = 'REGISTERED' THEN outstanding_fen ELSE 0 END), 0)::text AS v ${loans}`,
        [bankId],
      ),
      await one(`SELECT coalesce(sum(principal_fen), 0)::text AS v ${loans}`, [bankId]),
    ];
    const claims = `FROM "${schema}".claims WHERE bank_id = $1
      AND status NOT IN ('DENIED', 'WITHDRAWN') AND claim_id IS DISTINCT FROM $2`;
    for (const except of [null, `clm-${run}-0`, `clm-${run}-1`])
      figures.push(
        await one(
          `SELECT coalesce(sum(pool_fen), 0)::text AS v ${claims} AND left(opened_on, 4) = '2026'`,
          [bankId, except],
        ),
        await one(
          `SELECT coalesce(sum(pool_fen), 0)::text AS v ${claims} AND left(opened_on, 4) = '2027'`,
          [bankId, except],
        ),
        await one(`SELECT coalesce(sum(pool_fen), 0)::text AS v ${claims}`, [bankId, except]),
      );
    out[bankId] = figures;
  }
  return out;
}

describe("a bank's exposures and pool used kept as running totals", () => {
  it('equal the sums over its loans after any changes, in one transaction or several', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(opArb, { maxLength: 25 }), { maxLength: 4 }),
        async (txs) => {
          run += 1;
          for (const ops of txs) await apply(run, ops);
          const { totals, sums } = await totalsAndSums(run);
          expect(totals).toEqual(sums);
          expect(await readings(run)).toEqual(await sumsOfClaims(run));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('are what the NPL breaker reads: a default moves the outstanding into the defaulted total', async () => {
    await apply(1000, [
      { kind: 'insert', loan: 1, bank: 'B1', principal: 600n },
      { kind: 'insert', loan: 2, bank: 'B1', principal: 400n },
      { kind: 'update', loan: 1, status: 'DEFAULTED', outstanding: 500n, atDefault: 550n },
    ]);
    const [row] = (await service.dataSource.query(
      `SELECT defaulted_fen::text AS d, total_fen::text AS t, registered_principal_fen::text AS p
         FROM "${schema}".bank_exposures WHERE bank_id = 'B1-1000'`,
    )) as Array<{ d: string; t: string; p: string }>;
    expect(row).toEqual({ d: '550', t: '950', p: '1000' });
  });

  it('are what the caps read: a denied or withdrawn claim leaves the pool used', async () => {
    await apply(1001, [
      { kind: 'claim', claim: 1, bank: 'B1', year: '2026', pool: 300n },
      { kind: 'claim', claim: 2, bank: 'B1', year: '2026', pool: 200n },
      { kind: 'claim', claim: 3, bank: 'B1', year: '2027', pool: 100n },
    ]);
    await apply(1001, [{ kind: 'claim-change', claim: 2, status: 'WITHDRAWN', pool: 200n }]);
    await apply(1001, [{ kind: 'claim-change', claim: 3, status: 'DENIED', pool: 100n }]);
    const used = await runInTransaction(service.dataSource, schema, async (uow) => [
      await poolUsed(uow, { bankId: 'B1-1001', year: 2026, exceptClaimId: null }),
      await poolUsed(uow, { bankId: 'B1-1001', year: 2026, exceptClaimId: 'clm-1001-1' }),
      await poolUsed(uow, { bankId: 'B1-1001', year: 2027, exceptClaimId: null }),
      await poolUsed(uow, { bankId: 'B1-1001', exceptClaimId: null }),
      await poolUsed(uow, { bankId: 'B1-1001', exceptClaimId: 'clm-1001-2' }),
    ]);
    expect(used).toEqual([300n, 0n, 0n, 300n, 300n]);
  });
});
