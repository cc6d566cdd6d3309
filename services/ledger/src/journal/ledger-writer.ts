import { DataSource, EntityManager } from 'typeorm';
import { appendToOutbox } from '@riskpool/db';
import {
  type AppendedEntry,
  type CheckpointSigner,
  type EntryDraft,
  type EventOutcome,
  type LedgerEvent,
  LedgerState,
  type KeyRotation,
  type SignedCheckpoint,
} from '@riskpool/ledger-core';
import type { SigningKeys } from '../keys/signing-key-source';
import { useAppRole } from './app-role';
import { batchRows, entryPostedEvents, type Refusal, toTimestamp } from './batch-rows';
import { Checkpoints } from './checkpoints';
import { ExposureBook, type ExposureStage } from './exposure-memo';
import { JournalRepository } from './journal.repository';
import { loadJournal } from './journal-loader';
import { ledgerMetrics } from './ledger-metrics';
import { payloadHash } from './payload-hash';
import {
  type ClaimFacts,
  HoldBook,
  type HoldStage,
  type LedgerInput,
  type LedgerPlan,
  planEvent,
} from './posting-rules';
import { SigningKeyBook } from './signing-keys';
import { WriterLock } from './writer-lock';

export interface LedgerWriterOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly databaseUrl: string;
  readonly checkpointEvery: number;
  readonly checkpointSeconds: number;
  /** From outside the database (keys/signing-key-source.ts). */
  readonly keys: SigningKeys;
  readonly appRole: string;
  /** `none`: a replay's writer (README "Replay") announces nothing; the live ledger did. */
  readonly entryEvents: 'batch' | 'entry' | 'none';
  readonly lockWaitMs: number;
  readonly logger?: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
}

/**
 * A listener of the events a batch records in the audit trail (no entries), called in the batch's
 * transaction with the journal size the batch leaves, then after it commits. The statements
 * module closes a month at the business clock's event this way (src/statements).
 */
export interface AuditListener {
  inTransaction(
    manager: EntityManager,
    audited: ReadonlyArray<{ readonly eventType: string; readonly payload: unknown }>,
    sizeAfter: bigint,
  ): Promise<void>;
  afterCommit(): void;
}

/** Where a consumed event was read: kept per batch in the consumption log (README "Replay"). */
export interface KafkaOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** What one batch did. */
export interface BatchSummary {
  readonly applied: number;
  readonly audited: number;
  readonly duplicates: number;
  readonly conflicts: number;
  readonly parked: number;
  readonly rejected: number;
  readonly entries: number;
  readonly postings: number;
  readonly size: bigint;
}

/** Rule codes that mean "not yet": the event waits (parked) for what it needs. */
const RETRYABLE = new Set(['EXCEEDS_CREDITS', 'PENDING_NOT_FOUND']);

/**
 * The single writer of the journal: holds the advisory lock (writer-lock.ts), keeps the
 * LedgerState (tree, chain, counters, event index), the open holds and the claims it knows in
 * memory, applies each Kafka batch in one transaction, and signs checkpoints every N entries or T
 * seconds (checkpoints.ts) with the key settled at start (signing-keys.ts).
 */
export class LedgerWriter {
  readonly repo: JournalRepository;
  private state = new LedgerState({ tree: 'full' });
  private holds = new HoldBook();
  /** The loans and quotas of the memo entries (ADR 0019), read back from the journal. */
  private exposure = new ExposureBook();
  private readonly claims = new Map<string, ClaimFacts>();
  private parked: LedgerInput[] = [];
  /** The next batch's number in the consumption log. */
  private nextBatchSeq = 1n;
  private auditListener: AuditListener | undefined;
  private signer: CheckpointSigner | undefined;
  private readonly lock: WriterLock;
  private readonly checkpoints: Checkpoints;
  private readonly keyBook: SigningKeyBook;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private started = false;
  /** Running totals, for the bench and /metrics-free diagnostics. */
  readonly stats: {
    batches: number;
    events: number;
    entries: number;
    postings: number;
    readonly checkpoints: number;
    applyMs: number;
    stageMs: { lookup: number; prepare: number; write: number; commit: number; checkpoint: number };
  };

  setAuditListener(listener: AuditListener): void {
    this.auditListener = listener;
  }

  constructor(private readonly options: LedgerWriterOptions) {
    this.repo = new JournalRepository(options.schema);
    this.lock = new WriterLock({
      databaseUrl: options.databaseUrl,
      schema: options.schema,
      waitMs: options.lockWaitMs,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    this.checkpoints = new Checkpoints({
      dataSource: options.dataSource,
      schema: options.schema,
      repo: this.repo,
      every: options.checkpointEvery,
      seconds: options.checkpointSeconds,
    });
    this.keyBook = new SigningKeyBook({
      dataSource: options.dataSource,
      schema: options.schema,
      repo: this.repo,
      keys: options.keys,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    const checkpoints = this.checkpoints;
    this.stats = {
      batches: 0,
      events: 0,
      entries: 0,
      postings: 0,
      get checkpoints() {
        return checkpoints.signed;
      },
      applyMs: 0,
      stageMs: { lookup: 0, prepare: 0, write: 0, commit: 0, checkpoint: 0 },
    };
  }

  get ledgerState(): LedgerState {
    return this.state;
  }

  get publicKeyPem(): string {
    return this.requireSigner().publicKeyPem;
  }

  get keyId(): string {
    return this.requireSigner().keyId;
  }

  get latestCheckpoint(): SignedCheckpoint | undefined {
    return this.checkpoints.latest;
  }

  get parkedCount(): number {
    return this.parked.length;
  }

  /** True while this writer holds the single-writer lock. */
  get holdsLock(): boolean {
    return this.lock.held;
  }

  /** True once the session that held the single-writer lock has ended (writer-lock-watchdog). */
  get lockLost(): boolean {
    return this.lock.sessionEnded;
  }

  private requireSigner(): CheckpointSigner {
    if (this.signer === undefined) throw new Error('the ledger writer has not started');
    return this.signer;
  }

  /** Takes the writer lock, sets the database role, loads the key and rebuilds the state. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.lock.take();
    try {
      if (this.options.appRole !== '')
        await useAppRole(this.options.dataSource, this.options.schema, this.options.appRole);
      await this.rebuild();
      this.signer = await this.keyBook.settle(this.state, this.checkpoints, () =>
        this.lock.require(),
      );
    } catch (error) {
      // A writer that will not run lets the next one take the lock at once.
      await this.lock.release();
      throw error;
    }
    this.timer = setInterval(() => {
      if (this.checkpoints.dueByTime) {
        this.checkpointNow('timer').catch((error: unknown) =>
          this.options.logger?.warn('checkpoint failed', { error: String(error) }),
        );
      }
    }, 500);
    this.timer.unref();
    this.started = true;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue.catch(() => undefined);
    if (
      this.started &&
      this.holdsLock &&
      this.state.size > (this.checkpoints.latest?.treeSize ?? 0n)
    ) {
      await this.checkpointNow('stop').catch(() => undefined);
    }
    this.started = false;
    await this.lock.release();
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The public keys that have signed for this journal (ids and SPKI PEM), oldest first. */
  publicKeys(): Promise<Array<{ keyId: string; publicKeyPem: string }>> {
    return this.keyBook.publicKeys();
  }

  /** The rotations, oldest first (for the export and the public-key route). */
  keyRotations(): Promise<KeyRotation[]> {
    return this.keyBook.keyRotations();
  }

  /** Replays the stored journal (checking canonical bytes, chain and rules) and loads the rest. */
  private async rebuild(): Promise<void> {
    const loaded = await loadJournal(this.options.dataSource, this.options.schema);
    this.state = loaded.state;
    this.exposure = loaded.exposure;
    this.holds = loaded.holds;
    this.claims.clear();
    for (const [id, c] of loaded.claims) this.claims.set(id, c);
    this.parked = loaded.parked;
    this.nextBatchSeq = loaded.nextBatchSeq;
    this.checkpoints.load(loaded.lastCheckpoint);
    ledgerMetrics.parked().set(this.parked.length);
    ledgerMetrics.treeSize().set(Number(this.state.size));
  }

  /**
   * Applies one Kafka batch in one transaction (see README "Writing"). With `origins` (one per
   * input: where the consumer read it), the batch is recorded in the consumption log so that a
   * replay can rebuild the same journal (README "Replay").
   */
  applyBatch(
    inputs: readonly LedgerInput[],
    origins?: readonly KafkaOrigin[],
  ): Promise<BatchSummary> {
    if (origins !== undefined && origins.length !== inputs.length)
      throw new Error(`${origins.length} origins for ${inputs.length} events`);
    return this.serialize(async () => {
      const started = performance.now();
      const summary = await this.applyNow(inputs, origins);
      this.stats.batches++;
      this.stats.events += inputs.length;
      this.stats.entries += summary.entries;
      this.stats.postings += summary.postings;
      this.stats.applyMs += performance.now() - started;
      return summary;
    });
  }

  /** Signs a checkpoint now if entries follow the last one. */
  checkpointNow(_why = 'request'): Promise<SignedCheckpoint | undefined> {
    return this.serialize(() => this.checkpointIfDue(true));
  }

  private async applyNow(
    inputs: readonly LedgerInput[],
    origins: readonly KafkaOrigin[] | undefined,
  ): Promise<BatchSummary> {
    this.lock.require();
    const ds = this.options.dataSource;
    const stage0 = performance.now();
    const hashes = new Map<LedgerInput, string>();
    for (const input of inputs) hashes.set(input, payloadHash(input));
    const ids = [...new Set(inputs.map((i) => i.eventId))];
    const postedSeqs: bigint[] = [];
    for (const id of ids) {
      const seq = this.state.entrySeq(id);
      if (seq !== undefined) postedSeqs.push(seq);
    }
    const known = await this.repo.knownEvents(ds.manager, ids, postedSeqs);
    const seen = new Map<string, string>();
    const fresh: LedgerInput[] = [];
    const conflicts: Array<{
      eventId: string;
      eventType: string;
      storedHash: string;
      receivedHash: string;
      payload: unknown;
    }> = [];
    let duplicates = 0;
    for (const input of inputs) {
      const hash = hashes.get(input) as string;
      const storedHash = known.get(input.eventId)?.payloadHash ?? seen.get(input.eventId);
      if (storedHash === undefined) {
        seen.set(input.eventId, hash);
        fresh.push(input);
      } else if (storedHash === hash) {
        duplicates++;
      } else {
        conflicts.push({
          eventId: input.eventId,
          eventType: input.eventType,
          storedHash,
          receivedHash: hash,
          payload: input,
        });
      }
    }
    const stage1 = performance.now();
    const retried = fresh.length > 0 ? this.parked : [];
    const retriedIds = new Set(retried.map((p) => p.eventId));
    for (const p of retried) if (!hashes.has(p)) hashes.set(p, payloadHash(p));

    // Plan and prepare; an event the rules refuse leaves the batch and the rest is planned again.
    // What was refused is then tried again after the rest, for as long as each try lets more of
    // it apply: a payout read before the hold this batch posts, or a hold before the deposit that
    // funds it, would otherwise stay parked until the next fresh event, and in a quiet programme
    // none may come. The order depends only on the batch, so a replay plans it the same way.
    const excluded = new Map<LedgerInput, Refusal>();
    let order: LedgerInput[] = [...fresh, ...retried];
    let refusedBeforeRetry = Number.POSITIVE_INFINITY;
    let round: ReturnType<LedgerWriter['planRound']>;
    for (;;) {
      round = this.planRound(order, excluded);
      const refused = round.prepared.outcomes.filter((o) => o.status !== 'APPLIED');
      if (refused.length > 0) {
        for (const o of refused) {
          const input = round.byEventId.get(o.eventId) as LedgerInput;
          excluded.set(input, describeRefusal(o));
        }
        continue;
      }
      if (excluded.size === 0 || excluded.size >= refusedBeforeRetry) break;
      refusedBeforeRetry = excluded.size;
      order = [...order.filter((input) => !excluded.has(input)), ...excluded.keys()];
      excluded.clear();
    }
    const { plans, prepared, stage, claims, memo } = round;

    const appliedByEvent = new Map<string, AppendedEntry[]>();
    for (const o of prepared.outcomes)
      if (o.status === 'APPLIED') appliedByEvent.set(o.eventId, [...o.entries]);
    const rows = batchRows({
      inputs: [...fresh, ...retried],
      retriedIds,
      fresh: seen,
      hashes,
      excluded,
      plans,
      appliedByEvent,
    });
    const { events, unparked, toPark, audit, stored, holdRows, resolutions } = rows;
    for (const r of rows.rejected) {
      ledgerMetrics.rejected().inc({ code: r.reason.split(':')[0] ?? 'UNKNOWN' });
      this.options.logger?.warn('event refused by the ledger rules', {
        eventId: r.eventId,
        reason: r.reason,
      });
    }
    const outgoing = entryPostedEvents(prepared.appended, this.options.entryEvents);

    const stage2 = performance.now();
    await ds.transaction(async (manager: EntityManager) => {
      await this.repo.insertEvents(manager, events);
      await this.repo.resolveParked(manager, unparked);
      await this.repo.park(manager, toPark);
      await this.repo.writeJournal(manager, stored, holdRows, resolutions);
      await this.repo.insertAudit(manager, audit);
      if (audit.length > 0 && this.auditListener !== undefined)
        await this.auditListener.inTransaction(
          manager,
          audit,
          this.state.size + BigInt(prepared.appended.length),
        );
      await this.repo.insertConflicts(manager, conflicts);
      await this.repo.upsertClaims(manager, [...claims.values()]);
      await appendToOutbox(manager, this.options.schema, outgoing);
      if (origins !== undefined)
        await this.repo.logConsumption(
          manager,
          this.nextBatchSeq,
          inputs.map((input, i) => ({ eventId: input.eventId, ...(origins[i] as KafkaOrigin) })),
          this.state.size + BigInt(prepared.appended.length),
        );
    });
    if (origins !== undefined) this.nextBatchSeq += 1n;

    const stage3 = performance.now();
    this.state.commitBatch(prepared);
    stage.commit();
    memo.commit();
    for (const [id, c] of claims) this.claims.set(id, c);
    // With fresh events every parked one was retried: what is still parked is the new list.
    if (fresh.length > 0) this.parked = rows.stillParked;
    for (const c of conflicts) {
      ledgerMetrics.conflicts().inc({ type: c.eventType });
      this.options.logger?.warn('event refused: same id, different content', {
        eventId: c.eventId,
        eventType: c.eventType,
      });
    }
    const postings = stored.reduce((sum, s) => sum + s.appended.entry.postings.length, 0);
    ledgerMetrics.entries().inc(stored.length);
    ledgerMetrics.postings().inc(postings);
    ledgerMetrics.parked().set(this.parked.length);
    ledgerMetrics.treeSize().set(Number(this.state.size));
    if (audit.length > 0) this.auditListener?.afterCommit();
    const stage4 = performance.now();
    await this.checkpointIfDue(false);
    const ms = this.stats.stageMs;
    ms.lookup += stage1 - stage0;
    ms.prepare += stage2 - stage1;
    ms.write += stage3 - stage2;
    ms.commit += stage4 - stage3;
    ms.checkpoint += performance.now() - stage4;
    return {
      applied: rows.postedCount + unparked.filter((e) => e.outcome === 'POSTED').length,
      audited: audit.length,
      duplicates,
      conflicts: conflicts.length,
      parked: rows.parkedNow,
      rejected: rows.rejected.length,
      entries: stored.length,
      postings,
      size: this.state.size,
    };
  }

  private planRound(
    inputs: readonly LedgerInput[],
    excluded: Map<LedgerInput, Refusal>,
  ): {
    plans: Map<LedgerInput, LedgerPlan>;
    prepared: ReturnType<LedgerState['prepareBatch']>;
    stage: HoldStage;
    memo: ExposureStage;
    claims: Map<string, ClaimFacts>;
    byEventId: Map<string, LedgerInput>;
  } {
    const stage = this.holds.stage();
    const memo = this.exposure.stage();
    const claims = new Map<string, ClaimFacts>();
    const plans = new Map<LedgerInput, LedgerPlan>();
    const ledgerEvents: LedgerEvent[] = [];
    const byEventId = new Map<string, LedgerInput>();
    const ctx = {
      holds: stage,
      memo,
      claim: (claimId: string) => claims.get(claimId) ?? this.claims.get(claimId),
    };
    for (const input of inputs) {
      if (excluded.has(input)) continue;
      const plan = planEvent(input, ctx);
      plans.set(input, plan);
      if (plan.kind !== 'park' && plan.claim !== undefined)
        claims.set(plan.claim.claimId, plan.claim);
      if (plan.kind === 'park') {
        excluded.set(input, { outcome: 'PARKED', reason: plan.reason });
      } else if (plan.kind === 'entries') {
        memo.applyDrafts(input.eventType, plan.entries);
        byEventId.set(input.eventId, input);
        ledgerEvents.push({
          eventId: input.eventId,
          eventType: input.eventType,
          occurredAt: toTimestamp(input.time),
          entries: plan.entries as EntryDraft[],
        });
      }
    }
    return {
      plans,
      prepared: this.state.prepareBatch(ledgerEvents),
      stage,
      memo,
      claims,
      byEventId,
    };
  }

  private checkpointIfDue(force: boolean): Promise<SignedCheckpoint | undefined> {
    return this.checkpoints.ifDue(
      this.state,
      () => this.requireSigner(),
      force,
      () => this.lock.require(),
    );
  }
}

function describeRefusal(o: EventOutcome): Refusal {
  if (o.status === 'REJECTED') {
    return {
      outcome: RETRYABLE.has(o.code) ? 'PARKED' : 'REJECTED',
      reason: `${o.code}: ${o.message}${o.account ? ` (${o.account})` : ''}`,
    };
  }
  if (o.status === 'CONFLICT') return { outcome: 'REJECTED', reason: `CONFLICT: ${o.message}` };
  return { outcome: 'REJECTED', reason: `DUPLICATE: event ${o.eventId} already in the journal` };
}
