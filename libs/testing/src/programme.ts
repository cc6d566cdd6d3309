// Setting up a programme through the public API, as an admin and the managers would: used by the
// end-to-end tests, the demo seed of `npm start` and the load generator.
import { policyDocumentOf } from '@riskpool/contracts';
import { defaultPolicy, withUsccCheckCharacter } from '@riskpool/domain';
import { PublicApi } from './public-api';

export interface Keys {
  readonly city: string;
  readonly xiaolan: string;
  readonly torch: string;
  readonly guzhen: string;
  readonly b1: string;
  readonly b2: string;
  readonly regulator: string;
}

/** A valid Unified Social Credit Code, different for every `n`. */
export function uscc(n: number): string {
  return withUsccCheckCharacter(`91442000MA${String(n).padStart(7, '0')}`);
}

export async function createKey(
  api: PublicApi,
  adminKey: string,
  role: string,
  scope: string | null,
  label: string,
): Promise<string> {
  const created = await api.expect<{ key: string }>(201, adminKey, 'POST', '/admin/api-keys', {
    role,
    scope,
    label,
  });
  return created.key;
}

/**
 * A co-sharer party admitted by the admin (docs/domain.md §8.4) and a key of the `cosharer` role
 * scoped to it.
 */
export async function createCoSharerKey(
  api: PublicApi,
  adminKey: string,
  partyId: string,
  kind: 'GUARANTOR' | 'INSURER' | 'VALUER' = 'GUARANTOR',
): Promise<string> {
  await api.expect(201, adminKey, 'POST', '/admin/cosharers', {
    partyId,
    name: `${partyId} Co.`,
    kind,
  });
  return createKey(api, adminKey, 'cosharer', partyId, `${partyId} key`);
}

/** Funds, banks, keys, the default policy and deposits: the worked example's starting point. */
export async function setUpProgramme(
  api: PublicApi,
  adminKey: string,
  startDate: string,
): Promise<Keys> {
  await api.expect(200, adminKey, 'POST', '/admin/clock', { businessDate: startDate });
  for (const [fundId, name] of [
    ['CITY', '中山市'],
    ['TOWN:XIAOLAN', '小榄镇'],
    ['TOWN:TORCH', '火炬开发区'],
    ['TOWN:GUZHEN', '古镇镇'],
  ] as const) {
    await api.expect(201, adminKey, 'POST', '/admin/funds', { fundId, name });
  }
  await api.expect(201, adminKey, 'POST', '/admin/banks', {
    bankId: 'B1',
    name: 'Bank One',
    quotaFen: '200000000000',
  });
  await api.expect(201, adminKey, 'POST', '/admin/banks', {
    bankId: 'B2',
    name: 'Bank Two',
    quotaFen: '50000000000',
  });
  const keys: Keys = {
    city: await createKey(api, adminKey, 'fund-manager', 'CITY', 'city manager'),
    xiaolan: await createKey(api, adminKey, 'fund-manager', 'TOWN:XIAOLAN', 'Xiaolan manager'),
    torch: await createKey(api, adminKey, 'fund-manager', 'TOWN:TORCH', 'Torch manager'),
    guzhen: await createKey(api, adminKey, 'fund-manager', 'TOWN:GUZHEN', 'Guzhen manager'),
    b1: await createKey(api, adminKey, 'bank', 'B1', 'B1 integration'),
    b2: await createKey(api, adminKey, 'bank', 'B2', 'B2 integration'),
    regulator: await createKey(api, adminKey, 'regulator', null, 'regulator'),
  };
  await api.expect(
    201,
    keys.city,
    'POST',
    '/policies',
    policyDocumentOf(defaultPolicy('P-2026-1', startDate)),
  );
  await api.expect(201, keys.city, 'POST', '/funds/CITY/deposits', { amountFen: '10000000000' });
  await api.expect(201, keys.xiaolan, 'POST', '/funds/TOWN:XIAOLAN/deposits', {
    amountFen: '300000000',
  });
  await api.expect(201, keys.torch, 'POST', '/funds/TOWN:TORCH/deposits', {
    amountFen: '500000000',
  });
  await api.expect(201, keys.guzhen, 'POST', '/funds/TOWN:GUZHEN/deposits', {
    amountFen: '200000000',
  });
  return keys;
}

export interface LoanInput {
  readonly bankReference: string;
  readonly usccNo: number;
  readonly townCode: string;
  readonly principalFen: string;
  readonly flags?: string[];
}

export function loanBody(
  input: LoanInput,
  disbursementDate = '2026-01-10',
  maturityDate = '2028-01-10',
) {
  return {
    bankReference: input.bankReference,
    enterprise: {
      uscc: uscc(input.usccNo),
      name: `Enterprise ${input.usccNo}`,
      townCode: input.townCode,
      qualifications: ['HNTE'],
    },
    principalFen: input.principalFen,
    annualRateBp: 450,
    disbursementDate,
    maturityDate,
    flags: input.flags ?? [],
  };
}

/**
 * B1's other pool loans of the worked example: 1,000,000,000.00 yuan in 33 loans of 30,000,000.00
 * and one of 10,000,000.00, across Torch enterprises, as a JSON-lines body for `POST /loans/bulk`.
 * They keep B1's NPL ratio under the breaker when one loan defaults.
 */
export function otherPoolLoansBody(bankReferencePrefix: string, usccStart: number): string {
  return Array.from({ length: 34 }, (_, i) =>
    JSON.stringify(
      loanBody({
        bankReference: `${bankReferencePrefix}-${i}`,
        usccNo: usccStart + i,
        townCode: 'TORCH',
        principalFen: i < 33 ? '3000000000' : '1000000000',
      }),
    ),
  ).join('\n');
}
