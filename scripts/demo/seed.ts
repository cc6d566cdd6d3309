import {
  eventually,
  Keys,
  loanBody,
  otherPoolLoansBody,
  PublicApi,
  seedSubsidy,
  setUpProgramme,
} from '@riskpool/testing';
import type { ServiceSpec } from './services';

export interface SeedContext {
  readonly services: readonly ServiceSpec[];
  readonly gatewayUrl: string;
  readonly adminKey: string;
  readonly log: (message: string) => void;
}

interface Loan {
  readonly loanId: string;
}

/**
 * Seeds the demo through the public API, as its users would: a city fund and three town funds
 * with deposits, two banks with quotas, a published policy, loans, a default, and a claim waiting
 * for both managers' approval. Returns the lines to print (keys by role).
 */
export async function seedDemo(context: SeedContext): Promise<string[]> {
  if (!context.services.some((s) => s.name === 'gateway')) {
    context.log('no gateway: nothing seeded');
    return [];
  }
  const api = new PublicApi(context.gatewayUrl);
  const keys: Keys = await setUpProgramme(api, context.adminKey, '2026-01-05');
  context.log('demo: funds, banks, keys, policy P-2026-1 and deposits are in place');

  // B1's book: 1,000,000,000.00 yuan of other pool loans, so one default keeps it under the breaker.
  const bulk = await api.call(keys.b1, 'POST', '/loans/bulk', otherPoolLoansBody('B1-BOOK', 1000), {
    'content-type': 'application/x-ndjson',
  });
  if (bulk.status >= 300) throw new Error(`bulk registration failed: ${JSON.stringify(bulk.body)}`);
  const loans: Loan[] = [];
  for (const [i, [key, bank, town, principalFen, flags]] of (
    [
      [keys.b1, 'B1', 'XIAOLAN', '800000000', ['IP_PLEDGE']],
      [keys.b1, 'B1', 'TORCH', '3000000000', []],
      [keys.b1, 'B1', 'TORCH', '2500000000', []],
      [keys.b2, 'B2', 'GUZHEN', '450000000', []],
      [keys.b2, 'B2', 'XIAOLAN', '1200000000', ['IP_PLEDGE']],
    ] as const
  ).entries()) {
    loans.push(
      await api.expect<Loan>(
        201,
        key,
        'POST',
        '/loans',
        loanBody({
          bankReference: `${bank}-DEMO-${i + 1}`,
          usccNo: 500 + i,
          townCode: town,
          principalFen,
          flags: [...flags],
        }),
      ),
    );
  }
  context.log(`demo: ${loans.length + 34} loans registered`);

  await api.expect(200, context.adminKey, 'POST', '/admin/clock', { businessDate: '2026-06-01' });
  // Interest subsidy: a closed round in which SUBSIDY:TOWN:XIAOLAN is short (before the default,
  // which would make the first loan ineligible).
  const subsidy = await seedSubsidy(api, context.adminKey, keys, {
    xiaolanIp: (loans[0] as Loan).loanId,
    torch: (loans[1] as Loan).loanId,
    xiaolanIpB2: (loans[4] as Loan).loanId,
  });
  context.log(`demo: subsidy round ${subsidy.roundId} closed; SUBSIDY:TOWN:XIAOLAN cut pro rata`);
  const defaulted = loans[0] as Loan;
  await eventually('the demo default to be accepted', async () => {
    const response = await api.call(keys.b1, 'POST', `/loans/${defaulted.loanId}/defaults`, {
      outstandingAtDefaultFen: '600000001',
      daysPastDue: 102,
      reachedMinDaysPastDueOn: '2026-05-20',
    });
    return response.status === 201 ? true : undefined;
  });
  const claim = await eventually('the demo claim', async () => {
    const page = await api.expect<{ items: Array<{ claimId: string; loanId: string }> }>(
      200,
      keys.city,
      'GET',
      '/claims',
    );
    return page.items.find((c) => c.loanId === defaulted.loanId);
  });
  context.log(
    `demo: loan ${defaulted.loanId} defaulted; claim ${claim.claimId} waits for CITY and TOWN:XIAOLAN`,
  );

  return [
    '',
    'Demo keys (Authorization: Bearer <key>); the business date is 2026-06-01:',
    `  admin                      ${context.adminKey}`,
    `  bank B1                    ${keys.b1}`,
    `  bank B2                    ${keys.b2}`,
    `  fund-manager CITY          ${keys.city}`,
    `  fund-manager TOWN:XIAOLAN  ${keys.xiaolan}`,
    `  fund-manager TOWN:TORCH    ${keys.torch}`,
    `  fund-manager TOWN:GUZHEN   ${keys.guzhen}`,
    `  regulator                  ${keys.regulator}`,
    `  fund-manager SUBSIDY:CITY          ${subsidy.keys.city}`,
    `  fund-manager SUBSIDY:TOWN:XIAOLAN  ${subsidy.keys.xiaolan}`,
    `  fund-manager SUBSIDY:TOWN:TORCH    ${subsidy.keys.torch}`,
    `  a claim waiting for approval: ${claim.claimId} (loan ${defaulted.loanId})`,
    `  a subsidy round waiting for approvals (XIAOLAN cut pro rata): ${subsidy.roundId}`,
  ];
}
