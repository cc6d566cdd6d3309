// Load through the public API, shared by the load generator (bench/system-load.bench.ts) and the
// fault tests (scripts/chaos.ts, e2e/chaos.e2e-spec.ts): many towns, banks and loans; defaults
// reported at a paced rate; every claim approved by both its managers; the ledger tailed to see
// when each default's entries are all there. Every write keeps its Idempotency-Key across
// retries (network errors, 5xx, 429), so a request whose answer was lost is asked again, never
// doubled; the log of accepted (2xx) requests is what the fault tests check the system against.
import { randomUUID } from 'node:crypto';
import { policyDocumentOf } from '@riskpool/contracts';
import { defaultPolicy, memoAccountOf, PolicyVersion } from '@riskpool/domain';
import { loanBody } from '@riskpool/testing';

export interface Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly attempts: number;
  /** When the attempt that got this answer was sent (ms since epoch). */
  readonly sentAt: number;
  readonly doneAt: number;
}

export interface SendOptions {
  idempotencyKey?: string;
  contentType?: string;
  /** Keep retrying network errors, 5xx and 429 for this long. */
  retryForMs?: number;
  /** Also retry these statuses (e.g. 404 while a projection catches up). */
  retryStatuses?: readonly number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LoadClient {
  /** Answers by status (0 = no answer: connection refused or reset). */
  readonly statuses = new Map<number, number>();
  /** The first few 4xx answers of each status, for the report. */
  readonly samples = new Map<number, string[]>();
  retries = 0;

  constructor(
    readonly baseUrl: string,
    private readonly defaultRetryForMs = 60_000,
  ) {}

  async send<T = unknown>(
    key: string,
    method: string,
    path: string,
    body?: unknown,
    options: SendOptions = {},
  ): Promise<Answer<T>> {
    const idempotencyKey = options.idempotencyKey ?? `load-${randomUUID()}`;
    const deadline = Date.now() + (options.retryForMs ?? this.defaultRetryForMs);
    const payload =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    for (let attempt = 1; ; attempt += 1) {
      const sentAt = Date.now();
      let status = 0;
      let parsed: unknown;
      try {
        const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(payload !== undefined
              ? { 'content-type': options.contentType ?? 'application/json' }
              : {}),
            ...(method !== 'GET' ? { 'idempotency-key': idempotencyKey } : {}),
          },
          ...(payload !== undefined ? { body: payload } : {}),
          signal: AbortSignal.timeout(60_000),
        });
        status = response.status;
        const text = await response.text();
        try {
          parsed = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          parsed = text;
        }
      } catch (error) {
        parsed = String(error);
      }
      this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
      if (status >= 400) {
        const list = this.samples.get(status) ?? [];
        if (list.length < 3)
          list.push(`${method} ${path}: ${JSON.stringify(parsed).slice(0, 300)}`);
        this.samples.set(status, list);
      }
      const retryable =
        status === 0 ||
        status >= 500 ||
        status === 429 ||
        (options.retryStatuses ?? []).includes(status);
      if (!retryable || Date.now() > deadline)
        return { status, body: parsed as T, attempts: attempt, sentAt, doneAt: Date.now() };
      this.retries += 1;
      await sleep(Math.min(2_000, 100 * attempt));
    }
  }

  async expect<T = unknown>(
    status: number,
    key: string,
    method: string,
    path: string,
    body?: unknown,
    options: SendOptions = {},
  ): Promise<T> {
    const answer = await this.send<T>(key, method, path, body, options);
    if (answer.status !== status)
      throw new Error(
        `${method} ${path}: expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`,
      );
    return answer.body;
  }

  /** Every item of a cursor-paged list. */
  async all<T>(key: string, path: string, limit: number): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    const sep = path.includes('?') ? '&' : '?';
    do {
      const page: { items: T[]; nextCursor: string | null } = await this.expect(
        200,
        key,
        'GET',
        `${path}${sep}limit=${limit}${cursor !== null ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }
}

/** A pool of at most `size` promises at a time. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly size: number) {}
  get inFlight(): number {
    return this.active;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

export interface LoanRecord {
  readonly loanId: string;
  readonly bankId: string;
  readonly townCode: string;
  readonly bankReference: string;
  readonly principalFen: bigint;
  readonly kind: 'ballast' | 'defaultable';
}

export interface DefaultRecord {
  readonly loan: LoanRecord;
  readonly outstandingFen: bigint;
  /** When the accepted report was sent. */
  readonly reportedAt: number;
  claimId?: string;
  /** When the ledger tail first held all the entries of this default. */
  ledgerAt?: number;
}

/** A deposit answered 2xx: what a missing one is named by in a fault test's report. */
export interface AcceptedDeposit {
  readonly fundId: string;
  readonly amountFen: bigint;
  readonly depositId?: string;
  /** Attempts it took, and when the answer came (ms since epoch). */
  readonly attempts: number;
  readonly answeredAt: number;
}

/** What the system answered 2xx to: the fault tests' expected state. */
export interface AcceptedLog {
  readonly deposits: Array<AcceptedDeposit>;
  readonly loans: Map<string, LoanRecord>;
  readonly defaults: Map<string, DefaultRecord>;
  /** `claimId|fundId` of accepted approvals. */
  readonly approvals: Set<string>;
}

export interface WorldPlan {
  readonly banks: number;
  readonly towns: number;
}

export interface World {
  readonly api: LoadClient;
  readonly adminKey: string;
  readonly cityKey: string;
  readonly regulatorKey: string;
  readonly townKeys: ReadonlyMap<string, string>;
  readonly bankKeys: ReadonlyMap<string, string>;
  readonly towns: readonly string[];
  readonly banks: readonly string[];
  readonly policy: PolicyVersion;
  readonly accepted: AcceptedLog;
}

export const START_DATE = '2026-01-05';
export const DEFAULT_DATE = '2026-06-01';
/** A defaultable loan: 10,000.00 yuan, tier 4000 bp, pool 400,000 fen split 200,000 / 200,000. */
export const SMALL_PRINCIPAL_FEN = 1_000_000n;
/** Ballast: the most one loan may be (30,000,000.00 yuan), to keep each bank under the breaker. */
export const BALLAST_PRINCIPAL_FEN = 3_000_000_000n;
/** Entries of one default in the ledger: 2 holds, the approval, 2 × (post hold, pay the bank). */
export const ENTRIES_PER_DEFAULT = 7;

/**
 * Ballast loans each bank needs so `defaults` small defaults stay under the 300 bp breaker with
 * room (about 200 bp).
 */
export function ballastPerBank(defaultsPerBank: number): number {
  return Math.max(1, Math.ceil((defaultsPerBank * Number(SMALL_PRINCIPAL_FEN) * 50) / 3e9));
}

export async function setUpWorld(
  api: LoadClient,
  adminKey: string,
  plan: WorldPlan,
  log: (line: string) => void = () => undefined,
): Promise<World> {
  const towns = Array.from({ length: plan.towns }, (_, i) => `LT${String(i + 1).padStart(3, '0')}`);
  const banks = Array.from({ length: plan.banks }, (_, i) => `LB${String(i + 1).padStart(3, '0')}`);
  const limiter = new Limiter(8);
  await api.expect(200, adminKey, 'POST', '/admin/clock', { businessDate: START_DATE });
  await api.expect(201, adminKey, 'POST', '/admin/funds', { fundId: 'CITY', name: 'City fund' });
  await Promise.all(
    towns.map((town) =>
      limiter.run(() =>
        api.expect(201, adminKey, 'POST', '/admin/funds', {
          fundId: `TOWN:${town}`,
          name: `Town ${town}`,
        }),
      ),
    ),
  );
  await Promise.all(
    banks.map((bankId) =>
      limiter.run(() =>
        api.expect(201, adminKey, 'POST', '/admin/banks', {
          bankId,
          name: `Bank ${bankId}`,
          quotaFen: '1000000000000000',
        }),
      ),
    ),
  );
  const key = async (role: string, scope: string | null) =>
    (
      await api.expect<{ key: string }>(201, adminKey, 'POST', '/admin/api-keys', {
        role,
        scope,
        label: `load ${role} ${scope ?? ''}`,
      })
    ).key;
  const cityKey = await key('fund-manager', 'CITY');
  const regulatorKey = await key('regulator', null);
  const townKeys = new Map<string, string>();
  const bankKeys = new Map<string, string>();
  await Promise.all([
    ...towns.map((t) =>
      limiter.run(async () => townKeys.set(t, await key('fund-manager', `TOWN:${t}`))),
    ),
    ...banks.map((b) => limiter.run(async () => bankKeys.set(b, await key('bank', b)))),
  ]);
  // The default policy, but a bank's annual cap that never bites: every default gets its full pool.
  const policy: PolicyVersion = {
    ...defaultPolicy('P-LOAD-1', START_DATE),
    perBankAnnualCapFen: 1_000_000_000_000_000n,
  };
  await api.expect(201, cityKey, 'POST', '/policies', policyDocumentOf(policy));
  const world: World = {
    api,
    adminKey,
    cityKey,
    regulatorKey,
    townKeys,
    bankKeys,
    towns,
    banks,
    policy,
    accepted: { deposits: [], loans: new Map(), defaults: new Map(), approvals: new Set() },
  };
  await deposit(world, 'CITY', 10_000_000_000_000n);
  await Promise.all(
    towns.map((t) => limiter.run(() => deposit(world, `TOWN:${t}`, 1_000_000_000_000n))),
  );
  log(
    `world: ${towns.length} towns, ${banks.length} banks, policy ${policy.versionId}, deposits made`,
  );
  return world;
}

/** An accepted deposit with its id, attempts and answer time, from its 2xx answer. */
export function acceptedDeposit(
  fundId: string,
  amountFen: bigint,
  answer: Answer,
): AcceptedDeposit {
  const body = answer.body as { depositId?: unknown } | undefined;
  return {
    fundId,
    amountFen,
    ...(typeof body?.depositId === 'string' ? { depositId: body.depositId } : {}),
    attempts: answer.attempts,
    answeredAt: answer.doneAt,
  };
}

export async function deposit(world: World, fundId: string, amountFen: bigint): Promise<Answer> {
  const key = fundId === 'CITY' ? world.cityKey : world.townKeys.get(fundId.slice('TOWN:'.length));
  if (key === undefined) throw new Error(`no key for ${fundId}`);
  const answer = await world.api.send(key, 'POST', `/funds/${fundId}/deposits`, {
    amountFen: amountFen.toString(),
  });
  if (answer.status >= 200 && answer.status < 300)
    world.accepted.deposits.push(acceptedDeposit(fundId, amountFen, answer));
  else throw new Error(`deposit into ${fundId}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

export interface LoanSpec {
  readonly bankId: string;
  readonly townCode: string;
  readonly bankReference: string;
  readonly usccNo: number;
  readonly principalFen: bigint;
  readonly kind: 'ballast' | 'defaultable';
}

/** Ballast first (so the breaker never trips), then defaultable loans, round-robin over banks and towns. */
export function loanSpecs(
  world: World,
  defaultable: number,
  usccStart: number,
  tag: string,
): LoanSpec[] {
  const specs: LoanSpec[] = [];
  const perBank = Math.ceil(defaultable / world.banks.length);
  let n = usccStart;
  world.banks.forEach((bankId, b) => {
    for (let i = 0; i < ballastPerBank(perBank); i += 1)
      specs.push({
        bankId,
        townCode: world.towns[(b + i) % world.towns.length] as string,
        bankReference: `${tag}-${bankId}-BAL-${i}`,
        usccNo: n++,
        principalFen: BALLAST_PRINCIPAL_FEN,
        kind: 'ballast',
      });
  });
  for (let i = 0; i < defaultable; i += 1) {
    const bankId = world.banks[i % world.banks.length] as string;
    specs.push({
      bankId,
      townCode: world.towns[i % world.towns.length] as string,
      bankReference: `${tag}-${bankId}-L-${i}`,
      usccNo: n++,
      principalFen: SMALL_PRINCIPAL_FEN,
      kind: 'defaultable',
    });
  }
  return specs;
}

export interface BulkStats {
  readonly loans: number;
  readonly requests: number;
  readonly seconds: number;
  readonly loansPerSecond: number;
}

/**
 * Registers `specs` through `POST /loans/bulk`, `rowsPerRequest` rows a request (one bank per
 * request), `concurrency` requests at a time. Every row must be REGISTERED or EXISTING (a
 * replayed row after a lost answer).
 */
export async function registerInBulk(
  world: World,
  specs: readonly LoanSpec[],
  rowsPerRequest: number,
  concurrency: number,
  progress: (done: number) => void = () => undefined,
): Promise<BulkStats> {
  const chunks = chunksPerBank(specs, (s) => s.bankId, rowsPerRequest);
  chunks.sort(
    (a, b) => Number(a[0]?.kind === 'defaultable') - Number(b[0]?.kind === 'defaultable'),
  );
  const limiter = new Limiter(concurrency);
  const started = Date.now();
  let done = 0;
  await Promise.all(
    chunks.map((chunk) =>
      limiter.run(async () => {
        const first = chunk[0] as LoanSpec;
        const body = chunk
          .map((s) =>
            JSON.stringify(
              loanBody({
                bankReference: s.bankReference,
                usccNo: s.usccNo,
                townCode: s.townCode,
                principalFen: s.principalFen.toString(),
              }),
            ),
          )
          .join('\n');
        type BulkAnswer = {
          results: Array<{
            status: string;
            bankReference?: string;
            loanId?: string;
            code?: string;
          }>;
        };
        const send = () =>
          world.api.send<BulkAnswer>(
            world.bankKeys.get(first.bankId) as string,
            'POST',
            '/loans/bulk',
            body,
            { contentType: 'application/x-ndjson', retryForMs: 300_000 },
          );
        // loan-registry learns the policy, the bank and the town funds from Kafka after they are
        // published: until then a row is refused (no policy, bank or town fund yet) and the
        // file is sent again (rows already registered come back EXISTING).
        const notYetKnown = new Set([
          'LOAN.NO_POLICY_IN_FORCE',
          'LOAN.BANK_NOT_ACTIVE',
          'LOAN.TOWN_HAS_NO_FUND',
        ]);
        const deadline = Date.now() + 120_000;
        let answer = await send();
        while (
          answer.status >= 200 &&
          answer.status < 300 &&
          answer.body.results.some((r) => notYetKnown.has(r.code ?? '')) &&
          Date.now() < deadline
        ) {
          await sleep(500);
          answer = await send();
        }
        if (answer.status < 200 || answer.status >= 300)
          throw new Error(`bulk: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
        answer.body.results.forEach((result, i) => {
          const spec = chunk[i] as LoanSpec;
          if ((result.status !== 'REGISTERED' && result.status !== 'EXISTING') || !result.loanId)
            throw new Error(`bulk row ${spec.bankReference}: ${JSON.stringify(result)}`);
          world.accepted.loans.set(spec.bankReference, {
            loanId: result.loanId,
            bankId: spec.bankId,
            townCode: spec.townCode,
            bankReference: spec.bankReference,
            principalFen: spec.principalFen,
            kind: spec.kind,
          });
        });
        done += chunk.length;
        progress(done);
      }),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  return {
    loans: specs.length,
    requests: chunks.length,
    seconds,
    loansPerSecond: specs.length / seconds,
  };
}

export async function setClock(world: World, businessDate: string): Promise<void> {
  await world.api.expect(200, world.adminKey, 'POST', '/admin/clock', { businessDate });
}

/**
 * Reports a default on each of `loans` at `ratePerSecond` (open loop: sends on schedule whatever
 * the answers; `concurrency` bounds requests in flight). A 404 (default-events has not yet seen
 * the loan's registration) is retried.
 */
export async function reportDefaults(
  world: World,
  loans: readonly LoanRecord[],
  ratePerSecond: number,
  concurrency: number,
  shouldStop: () => boolean = () => false,
): Promise<{ seconds: number; refused: number; unanswered: number }> {
  const limiter = new Limiter(concurrency);
  const started = Date.now();
  let refused = 0;
  let unanswered = 0;
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < loans.length && !shouldStop(); i += 1) {
    const loan = loans[i] as LoanRecord;
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - Date.now();
    if (wait > 1) await sleep(wait);
    await new Promise<void>((resolve) => {
      pending.push(
        limiter.run(async () => {
          resolve();
          const answer = await world.api.send(
            world.bankKeys.get(loan.bankId) as string,
            'POST',
            `/loans/${loan.loanId}/defaults`,
            {
              outstandingAtDefaultFen: loan.principalFen.toString(),
              daysPastDue: 100,
              reachedMinDaysPastDueOn: '2026-05-20',
            },
            { retryStatuses: [404], retryForMs: 300_000 },
          );
          if (answer.status >= 200 && answer.status < 300)
            world.accepted.defaults.set(loan.loanId, {
              loan,
              outstandingFen: loan.principalFen,
              reportedAt: answer.sentAt,
            });
          else if (answer.status === 0 || answer.status >= 500) unanswered += 1;
          else refused += 1;
        }),
      );
    });
  }
  await Promise.all(pending);
  return { seconds: (Date.now() - started) / 1000, refused, unanswered };
}

/**
 * Reports a default on each of `loans` through a bank's month-end file, `POST /defaults/bulk`
 * (JSON lines, one bank per request, `rowsPerRequest` rows, `concurrency` requests at a time).
 * Every row must come back REPORTED or REPEATED (a file sent again after a lost answer).
 */
export async function reportDefaultsInBulk(
  world: World,
  loans: readonly LoanRecord[],
  rowsPerRequest: number,
  concurrency: number,
): Promise<{ seconds: number; requests: number }> {
  const chunks = chunksPerBank(loans, (l) => l.bankId, rowsPerRequest);
  const limiter = new Limiter(concurrency);
  const started = Date.now();
  type BulkAnswer = { results: Array<{ status: string; code?: string }> };
  await Promise.all(
    chunks.map((chunk) =>
      limiter.run(async () => {
        const first = chunk[0] as LoanRecord;
        const body = chunk
          .map((loan) =>
            JSON.stringify({
              loanId: loan.loanId,
              outstandingAtDefaultFen: loan.principalFen.toString(),
              daysPastDue: 100,
              reachedMinDaysPastDueOn: '2026-05-20',
            }),
          )
          .join('\n');
        const answer = await world.api.send<BulkAnswer>(
          world.bankKeys.get(first.bankId) as string,
          'POST',
          '/defaults/bulk',
          body,
          { contentType: 'application/x-ndjson', retryForMs: 300_000 },
        );
        if (answer.status !== 200)
          throw new Error(
            `defaults bulk: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`,
          );
        answer.body.results.forEach((result, i) => {
          const loan = chunk[i] as LoanRecord;
          if (result.status !== 'REPORTED' && result.status !== 'REPEATED')
            throw new Error(`defaults bulk row ${loan.bankReference}: ${JSON.stringify(result)}`);
          world.accepted.defaults.set(loan.loanId, {
            loan,
            outstandingFen: loan.principalFen,
            reportedAt: answer.sentAt,
          });
        });
      }),
    ),
  );
  return { seconds: (Date.now() - started) / 1000, requests: chunks.length };
}

/** `items` cut into chunks of at most `size`, each of one bank's items only. */
function chunksPerBank<T>(items: readonly T[], bankOf: (item: T) => string, size: number): T[][] {
  const byBank = new Map<string, T[]>();
  for (const item of items) {
    const list = byBank.get(bankOf(item)) ?? [];
    list.push(item);
    byBank.set(bankOf(item), list);
  }
  const chunks: T[][] = [];
  for (const list of byBank.values())
    for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  return chunks;
}

interface ClaimSummary {
  claimId: string;
  claimNo: number;
  loanId: string;
  townCode: string;
  status: string;
  approvals: { pending: string[] };
}

/**
 * Approves every OPEN claim of an accepted default by each fund still pending, until stopped.
 * Pages through `GET /claims?status=OPEN` as the regulator. One decision a request
 * (`POST /claims/{id}/decisions`) by default; after `useBulk(true)` a manager's decisions go
 * together, up to 500 a request (`POST /claims/decisions`).
 */
export function startApprover(
  world: World,
  concurrency: number,
): { stop(): Promise<void>; decisions(): number; useBulk(on: boolean): void } {
  let stopped = false;
  let bulk = false;
  let decisions = 0;
  const limiter = new Limiter(concurrency);
  const inFlight = new Set<string>();
  type Pending = { id: string; claimId: string; fundId: string };
  const approved = (items: readonly Pending[]) => {
    for (const item of items) world.accepted.approvals.add(item.id);
    decisions += items.length;
  };
  const decideOne = async (key: string, item: Pending) => {
    const answer = await world.api.send(
      key,
      'POST',
      `/claims/${item.claimId}/decisions`,
      { decision: 'APPROVE' },
      {
        idempotencyKey: `approve-${item.claimId}-${item.fundId.replace(':', '_')}`,
        retryForMs: 300_000,
      },
    );
    if (answer.status >= 200 && answer.status < 300) approved([item]);
  };
  const decideMany = async (key: string, items: readonly Pending[]) => {
    const answer = await world.api.send<{
      results: Array<{ status: string; code?: string }>;
    }>(
      key,
      'POST',
      '/claims/decisions',
      { decisions: items.map((item) => ({ claimId: item.claimId, decision: 'APPROVE' })) },
      { retryForMs: 300_000 },
    );
    if (answer.status !== 200) return;
    // A decision refused as already taken was taken by an earlier request whose answer was lost.
    approved(
      items.filter((_, i) => {
        const result = answer.body.results[i];
        return result?.status === 'DECIDED' || result?.code === 'CLAIM.ALREADY_DECIDED';
      }),
    );
  };
  const loop = (async () => {
    while (!stopped) {
      let open: ClaimSummary[] = [];
      try {
        open = await world.api.all<ClaimSummary>(world.regulatorKey, '/claims?status=OPEN', 200);
      } catch {
        await sleep(500);
        continue;
      }
      const pendingByKey = new Map<string, Pending[]>();
      for (const claim of open) {
        const record = world.accepted.defaults.get(claim.loanId);
        if (record !== undefined) record.claimId = claim.claimId;
        for (const fundId of claim.approvals.pending) {
          const id = `${claim.claimId}|${fundId}`;
          if (world.accepted.approvals.has(id) || inFlight.has(id)) continue;
          const key =
            fundId === 'CITY' ? world.cityKey : world.townKeys.get(fundId.slice('TOWN:'.length));
          if (key === undefined) continue;
          const list = pendingByKey.get(key) ?? [];
          list.push({ id, claimId: claim.claimId, fundId });
          pendingByKey.set(key, list);
        }
      }
      const work: Array<Promise<unknown>> = [];
      const decide = (items: readonly Pending[], send: () => Promise<void>) => {
        for (const item of items) inFlight.add(item.id);
        work.push(
          limiter.run(async () => {
            try {
              await send();
            } finally {
              for (const item of items) inFlight.delete(item.id);
            }
          }),
        );
      };
      for (const [key, items] of pendingByKey)
        if (bulk)
          for (let i = 0; i < items.length; i += 500) {
            const chunk = items.slice(i, i + 500);
            decide(chunk, () => decideMany(key, chunk));
          }
        else for (const item of items) decide([item], () => decideOne(key, item));
      if (work.length === 0) await sleep(200);
      else await Promise.race([Promise.all(work), sleep(1_000)]);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
    decisions: () => decisions,
    useBulk: (on) => {
      bulk = on;
    },
  };
}

/**
 * An entry of memo accounts only (ADR 0019: the loan book booked per bank and town): no money
 * moves; the fault checks count a default's money entries, not these.
 */
export function isMemoEntry(entry: { postings?: ReadonlyArray<{ account: string }> }): boolean {
  const postings = entry.postings ?? [];
  return postings.length > 0 && postings.every((p) => memoAccountOf(p.account) !== undefined);
}

interface LedgerEntryView {
  seq: string;
  loanId?: string | null;
  postings?: Array<{ account: string }>;
}

/**
 * Tails `GET /ledger/entries` from the start; marks a default done (ledgerAt) when its loan has
 * all ENTRIES_PER_DEFAULT entries.
 */
export function startLedgerTail(world: World): {
  stop(): Promise<void>;
  entries(): number;
  perLoan: Map<string, number>;
} {
  let stopped = false;
  let cursor: string | null = null;
  let entries = 0;
  const perLoan = new Map<string, number>();
  const loop = (async () => {
    while (!stopped) {
      let page: { items: LedgerEntryView[]; nextCursor: string | null };
      try {
        page = await world.api.expect(
          200,
          world.regulatorKey,
          'GET',
          `/ledger/entries?limit=500${cursor !== null ? `&fromSeq=${BigInt(cursor) + 1n}` : ''}`,
          undefined,
          { retryForMs: 5_000 },
        );
      } catch {
        await sleep(500);
        continue;
      }
      const now = Date.now();
      for (const entry of page.items) {
        entries += 1;
        cursor = entry.seq;
        if (!entry.loanId || isMemoEntry(entry)) continue;
        const count = (perLoan.get(entry.loanId) ?? 0) + 1;
        perLoan.set(entry.loanId, count);
        const record = world.accepted.defaults.get(entry.loanId);
        if (record !== undefined && count >= ENTRIES_PER_DEFAULT && record.ledgerAt === undefined)
          record.ledgerAt = now;
      }
      if (page.nextCursor === null) await sleep(100);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
    entries: () => entries,
    perLoan,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Waits until every accepted default in `loans` has its ledger entries, or the timeout passes. */
export async function waitLedgered(
  world: World,
  loanIds: readonly string[],
  timeoutMs: number,
  progress: (done: number) => void = () => undefined,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = loanIds.filter(
      (id) => world.accepted.defaults.get(id)?.ledgerAt !== undefined,
    ).length;
    progress(done);
    if (done === loanIds.length || Date.now() > deadline) return done;
    await sleep(1_000);
  }
}
