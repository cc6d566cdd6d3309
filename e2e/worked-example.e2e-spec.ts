// domain.md §7, driven only through the public API of the running system: every service as a
// real process behind the gateway, a real Kafka broker and a real PostgreSQL.
import { eventually, Keys, loanBody, PublicApi, setUpProgramme } from '@riskpool/testing';
import { RunningSystem, startSystem } from './support/system';

interface ClaimShare {
  fundId: string;
  shareFen: string;
  heldFen: string;
  queuedFen: string;
  paidFen: string;
}
interface Claim {
  claimId: string;
  loanId: string;
  status: string;
  basisFen: string;
  rateBp: number;
  poolFen: string;
  bankShareFen: string;
  capsApplied: string[];
  shares: ClaimShare[];
}
interface Loan {
  loanId: string;
  status: string;
}

let system: RunningSystem;
let api: PublicApi;
let keys: Keys;

beforeAll(async () => {
  system = await startSystem();
  api = new PublicApi(system.gatewayUrl);
  keys = await setUpProgramme(api, system.adminKey, '2026-01-05');
}, 600_000);

afterAll(async () => {
  await system?.stop();
});

async function claimOfLoan(key: string, loanId: string): Promise<Claim | undefined> {
  const page = await api.expect<{ items: Claim[] }>(200, key, 'GET', '/claims?limit=200');
  const summary = page.items.find((c) => c.loanId === loanId);
  if (summary === undefined) return undefined;
  return api.expect<Claim>(200, key, 'GET', `/claims/${summary.claimId}`);
}

function share(claim: Claim, fundId: string): ClaimShare {
  const found = claim.shares.find((s) => s.fundId === fundId);
  if (found === undefined) throw new Error(`claim ${claim.claimId} has no share of ${fundId}`);
  return found;
}

describe('the worked example of domain.md §7, end to end', () => {
  let mainLoan: Loan;
  let secondLoan: Loan;

  it('registers B1 other pool loans of 1,000,000,000.00 yuan in bulk, and the two XIAOLAN loans', async () => {
    // 33 loans of 30,000,000.00 yuan and one of 10,000,000.00, across Torch enterprises.
    const rows = Array.from({ length: 34 }, (_, i) =>
      JSON.stringify(
        loanBody({
          bankReference: `B1-OTHER-${i}`,
          usccNo: 1000 + i,
          townCode: 'TORCH',
          principalFen: i < 33 ? '3000000000' : '1000000000',
        }),
      ),
    );
    const bulk = await api.call<{ registered: number; refused: number }>(
      keys.b1,
      'POST',
      '/loans/bulk',
      rows.join('\n'),
      {
        'content-type': 'application/x-ndjson',
      },
    );
    expect(bulk.status).toBeLessThan(300);
    expect(bulk.body).toMatchObject({ registered: 34, refused: 0 });

    mainLoan = await api.expect<Loan>(
      201,
      keys.b1,
      'POST',
      '/loans',
      loanBody({
        bankReference: 'B1-MAIN',
        usccNo: 1,
        townCode: 'XIAOLAN',
        principalFen: '800000000',
        flags: ['IP_PLEDGE'],
      }),
    );
    secondLoan = await api.expect<Loan>(
      201,
      keys.b1,
      'POST',
      '/loans',
      loanBody({
        bankReference: 'B1-SECOND',
        usccNo: 2,
        townCode: 'XIAOLAN',
        principalFen: '1000000000',
        flags: ['IP_PLEDGE'],
      }),
    );
    expect(mainLoan.status).toBe('REGISTERED');
  });

  it('opens the claim to the fen when B1 reports the default', async () => {
    await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-06-01' });
    // default-events learns of the loan from Kafka; retry until its projection has it.
    await eventually('the default to be accepted', async () => {
      const response = await api.call(keys.b1, 'POST', `/loans/${mainLoan.loanId}/defaults`, {
        outstandingAtDefaultFen: '600000001',
        daysPastDue: 102,
        reachedMinDaysPastDueOn: '2026-05-20',
      });
      if (response.status === 404) return undefined;
      expect(response.status).toBe(201);
      return true;
    });
    const claim = await eventually('the claim', () => claimOfLoan(keys.city, mainLoan.loanId));
    expect(claim).toMatchObject({
      status: 'OPEN',
      basisFen: '600000001',
      rateBp: 4500,
      poolFen: '270000000',
      bankShareFen: '330000001',
      capsApplied: [],
    });
    expect(share(claim, 'CITY')).toMatchObject({
      shareFen: '135000000',
      heldFen: '135000000',
      queuedFen: '0',
    });
    expect(share(claim, 'TOWN:XIAOLAN')).toMatchObject({
      shareFen: '135000000',
      heldFen: '135000000',
      queuedFen: '0',
    });
  });

  it('pays both funds when both managers approve', async () => {
    const claim = (await claimOfLoan(keys.city, mainLoan.loanId)) as Claim;
    await api.expect(201, keys.city, 'POST', `/claims/${claim.claimId}/decisions`, {
      decision: 'APPROVE',
    });
    await api.expect(201, keys.xiaolan, 'POST', `/claims/${claim.claimId}/decisions`, {
      decision: 'APPROVE',
    });
    const paid = await eventually('both shares paid', async () => {
      const current = await claimOfLoan(keys.regulator, mainLoan.loanId);
      return current !== undefined && current.shares.every((s) => s.paidFen === s.shareFen)
        ? current
        : undefined;
    });
    expect(paid.status).toBe('APPROVED');
    expect(share(paid, 'CITY').paidFen).toBe('135000000');
    expect(share(paid, 'TOWN:XIAOLAN').paidFen).toBe('135000000');
  });

  it('shares a recovery after payout: 20250000 to each fund, 49500000 to the bank', async () => {
    await api.expect(201, keys.b1, 'POST', `/loans/${mainLoan.loanId}/recoveries`, {
      amountFen: '100000000',
      costsFen: '10000000',
    });
    const owed = await eventually('the recovery to be owed', async () => {
      const response = await api.expect<{
        items: Array<{ fundId: string; loanId: string; owedFen: string; outstandingFen: string }>;
      }>(200, keys.b1, 'GET', '/owed');
      const mine = response.items.filter((o) => o.loanId === mainLoan.loanId);
      return mine.length === 2 ? mine : undefined;
    });
    for (const fundId of ['CITY', 'TOWN:XIAOLAN']) {
      const row = owed.find((o) => o.fundId === fundId);
      expect(row).toMatchObject({ owedFen: '20250000', outstandingFen: '20250000' });
    }
  });

  it('holds 165000000 and queues 35000000 when a second XIAOLAN default needs 200000000 there', async () => {
    await eventually('the second default to be accepted', async () => {
      const response = await api.call(keys.b1, 'POST', `/loans/${secondLoan.loanId}/defaults`, {
        outstandingAtDefaultFen: '888888889',
        daysPastDue: 95,
        reachedMinDaysPastDueOn: '2026-05-28',
      });
      if (response.status === 404) return undefined;
      expect(response.status).toBe(201);
      return true;
    });
    const claim = await eventually('the second claim', () =>
      claimOfLoan(keys.xiaolan, secondLoan.loanId),
    );
    expect(claim.poolFen).toBe('400000000');
    expect(share(claim, 'TOWN:XIAOLAN')).toMatchObject({
      shareFen: '200000000',
      heldFen: '165000000',
      queuedFen: '35000000',
    });
    expect(share(claim, 'CITY')).toMatchObject({
      shareFen: '200000000',
      heldFen: '200000000',
      queuedFen: '0',
    });
  });
});
