import { eventually, PublicApi } from './public-api';

/** What the subsidy part of the demo leaves for a newcomer to look at. */
export interface SubsidyDemo {
  readonly keys: Readonly<Record<'city' | 'xiaolan' | 'torch', string>>;
  readonly roundId: string;
}

const CITY = 'SUBSIDY:CITY';
const XIAOLAN = 'SUBSIDY:TOWN:XIAOLAN';
const TORCH = 'SUBSIDY:TOWN:TORCH';

/**
 * The interest subsidy (docs/domain.md §9) through the public API: subsidy funds and their
 * managers' keys, deposits that leave SUBSIDY:TOWN:XIAOLAN short, three quarterly interest reports
 * and a closed round waiting for the managers' approvals. XIAOLAN's two requests (3106849 and
 * 4660274 fen) get its 5000000 fen pro rata (2000000 and 3000000 fen) and 2767123 fen lapse.
 */
export async function seedSubsidy(
  api: PublicApi,
  adminKey: string,
  banks: { b1: string; b2: string },
  loans: { xiaolanIp: string; torch: string; xiaolanIpB2: string },
): Promise<SubsidyDemo> {
  for (const [fundId, name] of [
    [CITY, '中山市科技贷款贴息资金'],
    [XIAOLAN, '小榄镇科技贷款贴息资金'],
    [TORCH, '火炬开发区科技贷款贴息资金'],
    ['SUBSIDY:TOWN:GUZHEN', '古镇镇科技贷款贴息资金'],
  ] as const)
    await api.expect(201, adminKey, 'POST', '/admin/subsidy-funds', { fundId, name });
  // The gateway learns subsidy funds from subsidy.fund-created.v1: keys wait for it.
  const key = (fundId: string, label: string) =>
    eventually(`a key for ${fundId}`, async () => {
      const created = await api.call<{ key: string }>(adminKey, 'POST', '/admin/api-keys', {
        role: 'fund-manager',
        scope: fundId,
        label,
      });
      return created.status === 201 ? created.body.key : undefined;
    });
  const keys = {
    city: await key(CITY, 'city subsidy manager'),
    xiaolan: await key(XIAOLAN, 'Xiaolan subsidy manager'),
    torch: await key(TORCH, 'Torch subsidy manager'),
  };
  await api.expect(201, keys.city, 'POST', `/subsidy/funds/${CITY}/deposits`, {
    amountFen: '100000000',
  });
  await api.expect(201, keys.xiaolan, 'POST', `/subsidy/funds/${XIAOLAN}/deposits`, {
    amountFen: '5000000',
  });
  await api.expect(201, keys.torch, 'POST', `/subsidy/funds/${TORCH}/deposits`, {
    amountFen: '10000000',
  });
  // A quarter (90 days) at the loans' 450 bp: the interest paid equals the 450 bp cap.
  const quarter = (loanId: string, interestPaidFen: string, outstandingAtStartFen: string) => ({
    loanId,
    periodStart: '2026-01-10',
    periodEnd: '2026-04-10',
    interestPaidFen,
    outstandingAtStartFen,
    payeeAccountNo: '6222020200112233',
    payeeAccountName: 'Demo Enterprise Co., Ltd.',
  });
  for (const [bankKey, body] of [
    [banks.b1, quarter(loans.xiaolanIp, '8876712', '800000000')],
    [banks.b2, quarter(loans.xiaolanIpB2, '13315068', '1200000000')],
    [banks.b1, quarter(loans.torch, '33287671', '3000000000')],
  ] as const)
    await eventually(`the interest report on ${body.loanId}`, async () => {
      const response = await api.call(bankKey, 'POST', '/subsidy/interest-reports', body);
      return response.status === 201 ? true : undefined;
    });
  const round = await api.expect<{ roundId: string }>(201, keys.city, 'POST', '/subsidy/rounds', {
    from: '2026-01-01',
    to: '2026-05-01',
  });
  await api.expect(200, keys.city, 'POST', `/subsidy/rounds/${round.roundId}/close`, {});
  return { keys, roundId: round.roundId };
}
