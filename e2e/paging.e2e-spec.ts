// The one paging contract (`cursor`, `limit` 1..500 default 50, `{ items, nextCursor }`), end to
// end on every list route of the gateway's OpenAPI document (a route is a list when it documents a
// `cursor` parameter), for every role it names: the pages follow one another with no overlap and
// no gap, and a bad `limit` or `cursor` is a 400 problem naming it. A list route added later is
// walked without being named here. Then a default followed to its claim: the default's answer,
// the loan, `GET /claims?loan=` and the loan's default history carry the claim id.
import { policyDocumentOf } from '@riskpool/contracts';
import { defaultPolicy } from '@riskpool/domain';
import {
  createCoSharerKey,
  eventually,
  Keys,
  loanBody,
  otherPoolLoansBody,
  PublicApi,
  seedSubsidy,
  setUpProgramme,
} from '@riskpool/testing';
import { operationsOf } from './support/hostile-requests';
import { RunningSystem, startSystem } from './support/system';

interface Page {
  items: Array<Record<string, unknown>>;
  nextCursor: string | null;
}
interface Problem {
  status: number;
  errors: Array<{ field: string }>;
}

let system: RunningSystem;
let api: PublicApi;
let keys: Keys;
let guarantorKey: string;
const loanIds: string[] = [];
/** A loan defaulted, cured and defaulted again: two episodes in its default history. */
let twiceDefaulted: string;

/** The ids a list's path parameters take (a list under one loan, say). */
const pathIds: Record<string, () => string> = {
  loanId: () => twiceDefaulted,
};

const defaultReport = {
  outstandingAtDefaultFen: '100000000',
  daysPastDue: 100,
  reachedMinDaysPastDueOn: '2026-05-20',
};

async function reportDefault(key: string, loanId: string): Promise<void> {
  await eventually('the default to be accepted', async () => {
    const r = await api.call(key, 'POST', `/loans/${loanId}/defaults`, defaultReport);
    if (r.status === 404) return undefined;
    expect(r.status).toBe(201);
    return true;
  });
}

beforeAll(async () => {
  system = await startSystem();
  api = new PublicApi(system.gatewayUrl);
  keys = await setUpProgramme(api, system.adminKey, '2026-01-05');
  guarantorKey = await createCoSharerKey(api, system.adminKey, 'G-PAGING');
  await api.expect(201, system.adminKey, 'POST', '/admin/cosharers', {
    partyId: 'I-PAGING',
    name: 'Paging Insurance Co.',
    kind: 'INSURER',
  });
  // Two of everything, so every list has a second page at limit=1.
  await api.expect(
    201,
    keys.city,
    'POST',
    '/policies',
    policyDocumentOf(defaultPolicy('P-2026-2', '2027-01-01')),
  );
  const bulk = await api.call(keys.b1, 'POST', '/loans/bulk', otherPoolLoansBody('PG-BOOK', 900), {
    'content-type': 'application/x-ndjson',
  });
  expect(bulk.status).toBeLessThan(300);
  // B2's book keeps its NPL ratio under the breaker too.
  for (const i of [3, 4])
    await api.expect(
      201,
      keys.b2,
      'POST',
      '/loans',
      loanBody({
        bankReference: `PG-${i}`,
        usccNo: i,
        townCode: 'TORCH',
        principalFen: '3000000000',
      }),
    );
  // One defaulting loan per bank, so the per-bank lists have two rows as well. B1's names the
  // guarantor: what it owes the lender and its part of the recovery are two co-sharer obligations.
  for (const [i, key] of [
    [1, keys.b1],
    [2, keys.b2],
  ] as const) {
    const loan = await api.expect<{ loanId: string }>(201, key, 'POST', '/loans', {
      ...loanBody({
        bankReference: `PG-${i}`,
        usccNo: i,
        townCode: 'XIAOLAN',
        principalFen: '100000000',
      }),
      ...(i === 1
        ? { coSharers: [{ partyId: 'G-PAGING', kind: 'GUARANTOR', shareBp: 1000 }] }
        : {}),
    });
    loanIds.push(loan.loanId);
  }
  twiceDefaulted = (
    await api.expect<{ loanId: string }>(
      201,
      keys.b1,
      'POST',
      '/loans',
      loanBody({
        bankReference: 'PG-5',
        usccNo: 5,
        townCode: 'XIAOLAN',
        principalFen: '100000000',
      }),
    )
  ).loanId;
  // Loans for the interest subsidy lists (reports, rounds, grants): the demo's round, then another.
  const subsidyLoans: string[] = [];
  for (const [i, key, town, principalFen, flags] of [
    [950, keys.b1, 'XIAOLAN', '800000000', ['IP_PLEDGE']],
    [951, keys.b1, 'TORCH', '3000000000', []],
    [952, keys.b2, 'XIAOLAN', '1200000000', ['IP_PLEDGE']],
  ] as const) {
    const loan = await api.expect<{ loanId: string }>(
      201,
      key,
      'POST',
      '/loans',
      loanBody({
        bankReference: `PG-${i}`,
        usccNo: i,
        townCode: town,
        principalFen,
        flags: [...flags],
      }),
    );
    subsidyLoans.push(loan.loanId);
  }
  await api.expect(200, system.adminKey, 'POST', '/admin/clock', { businessDate: '2026-06-01' });
  const subsidy = await seedSubsidy(api, system.adminKey, keys, {
    xiaolanIp: subsidyLoans[0] as string,
    torch: subsidyLoans[1] as string,
    xiaolanIpB2: subsidyLoans[2] as string,
  });
  await api.expect(201, subsidy.keys.city, 'POST', '/subsidy/rounds', {
    from: '2026-05-01',
    to: '2026-08-01',
  });
  for (const [index, loanId] of loanIds.entries())
    await reportDefault(index === 0 ? keys.b1 : keys.b2, loanId);
  await reportDefault(keys.b1, twiceDefaulted);
  await eventually('the first claim of the twice defaulted loan', async () => {
    const page = await api.expect<Page>(200, keys.b1, 'GET', `/claims?loan=${twiceDefaulted}`);
    return page.items.length === 1 ? true : undefined;
  });
  await api.expect(201, keys.b1, 'POST', `/loans/${twiceDefaulted}/cures`, {});
  await reportDefault(keys.b1, twiceDefaulted);
  const claims = await eventually('both claims', async () => {
    const page = await api.expect<Page>(200, keys.regulator, 'GET', '/claims?limit=500');
    const mine = page.items.filter((c) => loanIds.includes(c['loanId'] as string));
    return mine.length === 2 ? mine : undefined;
  });
  for (const claim of claims)
    for (const key of [keys.city, keys.xiaolan])
      await api.expect(200, key, 'POST', `/claims/${claim['claimId'] as string}/decisions`, {
        decision: 'APPROVE',
      });
  await eventually('four payouts paid', async () => {
    const page = await api.expect<Page>(200, keys.regulator, 'GET', '/payouts?status=PAID');
    return page.items.length === 4 ? true : undefined;
  });
  for (const [index, loanId] of loanIds.entries())
    await api.expect(201, index === 0 ? keys.b1 : keys.b2, 'POST', `/loans/${loanId}/recoveries`, {
      amountFen: '10000000',
      costsFen: '0',
    });
  await eventually('four owed amounts', async () => {
    const page = await api.expect<Page>(200, keys.regulator, 'GET', '/owed');
    return page.items.length === 4 ? true : undefined;
  });
  await eventually('two co-sharer obligations', async () => {
    const page = await api.expect<Page>(200, keys.regulator, 'GET', '/cosharer-obligations');
    return page.items.length === 2 ? true : undefined;
  });
  for (const amountFen of ['1000', '2000'])
    await api.expect(201, keys.b1, 'POST', '/remittances', { fundId: 'CITY', amountFen });
  // A deposit after the first checkpoint makes the ledger sign a second one.
  await eventually('a first checkpoint', async () => {
    const page = await api.expect<Page>(200, keys.regulator, 'GET', '/ledger/checkpoints');
    return page.items.length > 0 ? true : undefined;
  });
  await api.expect(201, keys.city, 'POST', '/funds/CITY/deposits', { amountFen: '100' });
  await eventually(
    'two checkpoints',
    async () => {
      const page = await api.expect<Page>(200, keys.regulator, 'GET', '/ledger/checkpoints');
      return page.items.length > 1 ? true : undefined;
    },
    90_000,
  );
}, 900_000);

afterAll(async () => {
  await system?.stop();
});

/** What tells one item from another: its ids, seq or tree size. */
function identity(item: Record<string, unknown>): string {
  const ids = Object.entries(item)
    .filter(([name, value]) => typeof value === 'string' && /(Id|^id|^seq|^treeSize)$/.test(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (ids.length === 0) throw new Error(`no id in ${JSON.stringify(item).slice(0, 200)}`);
  return JSON.stringify(ids);
}

function withQuery(path: string, query: Record<string, string>): string {
  return `${path}?${new URLSearchParams(query).toString()}`;
}

describe('paging on every list route of the OpenAPI document', () => {
  let lists: Array<{ template: string; path: string; roles: readonly string[] }>;
  const keyOf = (role: string): string => {
    const key = {
      admin: system.adminKey,
      regulator: keys.regulator,
      'fund-manager': keys.city,
      bank: keys.b1,
      cosharer: guarantorKey,
    }[role];
    if (key === undefined) throw new Error(`no key for role ${role}`);
    return key;
  };

  beforeAll(async () => {
    const response = await fetch(`${system.gatewayUrl}/api/docs/openapi.json`);
    const operations = operationsOf((await response.json()) as Parameters<typeof operationsOf>[0]);
    lists = operations
      .filter((op) => op.method === 'GET' && op.query.some((q) => q.name === 'cursor'))
      .map((op) => ({
        template: op.template,
        roles: op.roles,
        path: op.template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
          const id = pathIds[name];
          if (id === undefined) throw new Error(`no id for {${name}} of ${op.template}`);
          return encodeURIComponent(id());
        }),
      }));
  });

  it('finds the list routes, each documenting cursor and limit', () => {
    expect(lists.map((l) => l.template)).toEqual(
      expect.arrayContaining([
        '/admin/api-keys',
        '/admin/banks',
        '/admin/audit',
        '/loans',
        '/policies',
        '/funds',
        '/claims',
        '/payouts',
        '/remittances',
        '/owed',
        '/ledger/entries',
        '/ledger/checkpoints',
        '/reports/funds',
        '/reports/banks',
      ]),
    );
  });

  it('walks every list for every role: pages follow with no overlap and no gap, 50 by default', async () => {
    const walked: string[] = [];
    for (const list of lists) {
      let twoPages = false;
      for (const role of list.roles) {
        const key = keyOf(role);
        const whole = await api.call<Page>(key, 'GET', withQuery(list.path, { limit: '500' }));
        // A role the gateway lets through and the service refuses is another contract's finding.
        if (whole.status === 403) continue;
        expect([list.path, role, whole.status]).toEqual([list.path, role, 200]);
        // The first 500 (the audit alone may hold more): the walk must cover them.
        const before = whole.body.items.map(identity);
        const byDefault = await api.expect<Page>(200, key, 'GET', list.path);
        expect(byDefault.items.length).toBeLessThanOrEqual(50);
        expect(byDefault.items.length).toBeGreaterThanOrEqual(Math.min(50, before.length));

        const limit = Math.max(1, Math.ceil(before.length / 3));
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: Record<string, string> = { limit: String(limit) };
          if (cursor !== null) query['cursor'] = cursor;
          const page: Page = await api.expect<Page>(200, key, 'GET', withQuery(list.path, query));
          expect(page.items.length).toBeLessThanOrEqual(limit);
          if (page.nextCursor !== null) expect(page.items).toHaveLength(limit);
          seen.push(...page.items.map(identity));
          cursor = page.nextCursor;
          pages += 1;
          if (pages > before.length + 2) throw new Error(`${list.path}: the cursor never ends`);
        } while (cursor !== null && !seen.includes(before[before.length - 1] as string));
        // No overlap: no item twice. No gap: every item listed before the walk was walked, in
        // the same order (lists that grow meanwhile, such as the audit, only add items).
        expect(new Set(seen).size).toBe(seen.length);
        const walkedInOrder = seen.filter((id) => before.includes(id));
        expect([list.path, role, walkedInOrder]).toEqual([list.path, role, before]);
        if (pages >= 2) twoPages = true;
        walked.push(`${role} ${list.path}: ${before.length} items in ${pages} pages`);
      }
      expect([list.path, twoPages]).toEqual([list.path, true]);
    }
    process.stdout.write(`paging walk:\n  ${walked.join('\n  ')}\n`);
  });

  it('refuses a bad limit or cursor on every list with a 400 problem naming it, never clamped', async () => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ limit: '1000' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: '2.5' }, 'limit'],
      [{ limit: '' }, 'limit'],
      [{ cursor: 'not a cursor' }, 'cursor'],
      [{ cursor: 'Zm9vYmFy' }, 'cursor'],
      [{ cursor: '' }, 'cursor'],
    ];
    for (const list of lists) {
      for (const role of list.roles) {
        const key = keyOf(role);
        if ((await api.call(key, 'GET', list.path)).status === 403) continue;
        for (const [query, field] of bad) {
          const answer = await api.call<Problem>(key, 'GET', withQuery(list.path, query));
          const named = (answer.body.errors ?? []).map((e) => e.field);
          expect([list.path, role, query, answer.status, named.includes(field)]).toEqual([
            list.path,
            role,
            query,
            400,
            true,
          ]);
          expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        }
      }
    }
  });

  it('refuses the cursor of one list on another', async () => {
    const loans = await api.expect<Page>(200, keys.regulator, 'GET', '/loans?limit=1');
    expect(loans.nextCursor).not.toBeNull();
    const answer = await api.call<Problem>(
      keys.regulator,
      'GET',
      withQuery('/claims', { cursor: loans.nextCursor as string }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e) => e.field)).toContain('cursor');
  });
});

describe('a default can be followed to its claim', () => {
  it('carries the claim id on the default, the loan, GET /claims?loan= and the default history; others answer 404', async () => {
    const loanId = loanIds[0] as string;
    const claims = await api.expect<Page>(200, keys.b1, 'GET', `/claims?loan=${loanId}`);
    expect(claims.items).toHaveLength(1);
    const claimId = claims.items[0]?.['claimId'] as string;
    expect(claims.items[0]?.['loanId']).toBe(loanId);

    const loan = await eventually('the loan to carry its claim', async () => {
      const l = await api.expect<Record<string, unknown>>(200, keys.b1, 'GET', `/loans/${loanId}`);
      return l['claimId'] === claimId ? l : undefined;
    });
    expect(loan['status']).toBe('COMPENSATED');
    const repeated = await api.call<Record<string, unknown>>(
      keys.b1,
      'POST',
      `/loans/${loanId}/defaults`,
      defaultReport,
    );
    expect(repeated.status).toBe(200);
    expect(repeated.body['claimId']).toBe(claimId);

    const history = await api.expect<Page>(200, keys.b1, 'GET', `/loans/${loanId}/defaults`);
    expect(history.items).toEqual([
      expect.objectContaining({
        loanId,
        status: 'OPEN',
        claimId,
        claimStatus: 'APPROVED',
        recoveries: [expect.objectContaining({ amountFen: '10000000', netFen: '10000000' })],
      }),
    ]);
    await api.expect(200, keys.regulator, 'GET', `/loans/${loanId}/defaults`);
    await api.expect(200, keys.xiaolan, 'GET', `/loans/${loanId}/defaults`);
    await api.expect(404, keys.torch, 'GET', `/loans/${loanId}/defaults`);
    await api.expect(404, keys.b2, 'GET', `/loans/${loanId}/defaults`);
    await api.expect(403, system.adminKey, 'GET', `/loans/${loanId}/defaults`);
    expect((await api.expect<Page>(200, keys.b2, 'GET', `/claims?loan=${loanId}`)).items).toEqual(
      [],
    );

    // The cured episode and the new one, each with its own claim.
    const twice = await api.expect<Page>(200, keys.b1, 'GET', `/loans/${twiceDefaulted}/defaults`);
    expect(twice.items.map((e) => e['status'])).toEqual(['CURED', 'OPEN']);
    const twiceClaims = await api.expect<Page>(
      200,
      keys.regulator,
      'GET',
      `/claims?loan=${twiceDefaulted}`,
    );
    expect(twiceClaims.items.map((c) => c['status']).sort()).toEqual(['OPEN', 'WITHDRAWN']);
  });
});
