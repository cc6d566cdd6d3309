// Micro-benchmark of the claim path of libs/domain: compute a claim (rate, caps, split), hold each
// fund's share (queueing what a fund lacks), settle, and refill the funds so queues get served.
//
// Run: TS_NODE_PROJECT=tsconfig.base.json node -r ts-node/register/transpile-only bench/domain-allocation.bench.ts
// (relative import: ts-node does not resolve the @riskpool/* aliases at run time)
// Optional: BENCH_SECONDS (default 5). Writes bench/results/domain-allocation.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  type ClaimAllocationInput,
  type FundState,
  allocateClaim,
  defaultPolicy,
  deposit,
  economicTerms,
  newFund,
  proceduralTerms,
  reserve,
  settle,
} from '../libs/domain/src';

const durationMsTarget = Number(process.env['BENCH_SECONDS'] ?? '5') * 1000;
const warmupIterations = 20_000;
const checkEveryIterations = 1_000;

const policy = defaultPolicy('BENCH', '2026-01-01');
const economic = economicTerms(policy);
const procedural = proceduralTerms(policy);
const towns = ['XIAOLAN', 'GUZHEN', 'TORCH'] as const;

interface World {
  city: FundState;
  townFunds: Map<string, FundState>;
  annualUsedFen: bigint;
  claims: number;
  queuedFen: bigint;
  paidFen: bigint;
  maxQueueLength: number;
}

function newWorld(): World {
  return {
    city: newFund('CITY', 10_000_000_000_000n),
    // Town funds are kept small so some shares wait in the queue and deposits have work to do.
    townFunds: new Map(towns.map((town) => [town, newFund(`TOWN:${town}`, 200_000_000n)])),
    annualUsedFen: 0n,
    claims: 0,
    queuedFen: 0n,
    paidFen: 0n,
    maxQueueLength: 0,
  };
}

/** Holds a share (queueing what is missing), pays the hold, and refills the fund when parts wait. */
function holdAndPay(
  world: World,
  fund: FundState,
  claimId: string,
  shareFen: bigint,
  refillFen: bigint,
): FundState {
  const held = reserve(fund, claimId, shareFen);
  world.queuedFen += held.queuedFen;
  const paid = settle(held.fund, claimId);
  world.paidFen += paid.paidFen;
  let next = paid.fund;
  world.maxQueueLength = Math.max(world.maxQueueLength, next.queue.length);
  if (next.queue.length > 0) {
    // A deposit arrives: it fills the queue oldest first; pay what the fills turned into holds.
    const filled = deposit(next, refillFen);
    next = filled.fund;
    for (const f of filled.fills) {
      const settled = settle(next, f.claimId);
      next = settled.fund;
      world.paidFen += settled.paidFen;
    }
  }
  return next;
}

/** One allocation: claim computation + split + hold/queue on every fund + settlement. */
function allocateOnce(world: World, iteration: number): void {
  const town = towns[iteration % towns.length] ?? 'XIAOLAN';
  // Deterministic spread of principals (10,000 to 30,000,000 yuan) and bases just below them.
  const principalFen = 1_000_000n + BigInt((iteration * 7_919) % 2_999_000_000);
  const basisFen = principalFen - BigInt(iteration % 1_000);
  const input: ClaimAllocationInput = {
    basisFen,
    originalPrincipalFen: principalFen,
    flags: iteration % 2 === 0 ? ['IP_PLEDGE'] : [],
    townCode: town,
    economic,
    procedural,
    bankPoolUsedThisYearFen: world.annualUsedFen,
  };
  const claim = allocateClaim(input);
  // Roll the "year" over so the annual cap binds sometimes but not always.
  world.annualUsedFen =
    world.annualUsedFen + claim.poolFen >= procedural.perBankAnnualCapFen
      ? 0n
      : world.annualUsedFen + claim.poolFen;
  const claimId = `C${iteration}`;
  const [cityShare, townShare] = claim.fundShares;

  world.city = holdAndPay(world, world.city, claimId, cityShare?.shareFen ?? 0n, 50_000_000_000n);
  const townFund = world.townFunds.get(town) ?? newFund(`TOWN:${town}`);
  world.townFunds.set(
    town,
    holdAndPay(world, townFund, claimId, townShare?.shareFen ?? 0n, 300_000_000n),
  );
  world.claims += 1;
}

function main(): void {
  const warmup = newWorld();
  for (let i = 0; i < warmupIterations; i += 1) allocateOnce(warmup, i);

  const world = newWorld();
  console.log(
    `domain-allocation: running for ${durationMsTarget / 1000} s (warm-up ${warmupIterations} done)`,
  );
  const startedNs = process.hrtime.bigint();
  const deadlineNs = startedNs + BigInt(durationMsTarget) * 1_000_000n;
  let nextProgressNs = startedNs + 1_000_000_000n;
  let iterations = 0;
  for (;;) {
    allocateOnce(world, iterations);
    iterations += 1;
    if (iterations % checkEveryIterations !== 0) continue;
    const nowNs = process.hrtime.bigint();
    if (nowNs >= nextProgressNs) {
      const elapsedMs = Number(nowNs - startedNs) / 1e6;
      console.log(
        `  ${(elapsedMs / 1000).toFixed(1)} s: ${iterations} allocations (${Math.round((iterations / elapsedMs) * 1000)}/s)`,
      );
      nextProgressNs += 1_000_000_000n;
    }
    if (nowNs >= deadlineNs) break;
  }
  const durationMs = Number(process.hrtime.bigint() - startedNs) / 1e6;
  const allocationsPerSecond = Math.round((iterations / durationMs) * 1000);

  const result = {
    allocationsPerSecond,
    iterations,
    durationMs: Math.round(durationMs),
    nodeVersion: process.version,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpuCount: cpus().length,
    queuedFen: world.queuedFen.toString(),
    paidFen: world.paidFen.toString(),
    maxQueueLength: world.maxQueueLength,
  };
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'domain-allocation.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `domain-allocation: ${allocationsPerSecond} allocations/s (${iterations} in ${result.durationMs} ms)`,
  );
  console.log(`  wrote bench/results/domain-allocation.json`);
}

main();
