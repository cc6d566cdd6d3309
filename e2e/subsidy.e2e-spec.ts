import {
  Keys,
  loanBody,
  PublicApi,
  seedSubsidy,
  setUpProgramme,
  SubsidyDemo,
} from '@riskpool/testing';
import { RunningSystem, startSystem } from './support/system';

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

let system: RunningSystem;
let api: PublicApi;
let keys: Keys;
let demo: SubsidyDemo;
const loanIds: string[] = [];

beforeAll(async () => {
  system = await startSystem();
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
});
