import { createHash } from 'node:crypto';
import { Client, Pool, PoolClient } from 'pg';
import { Counter, Gauge, register } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { createEvent, OutgoingEvent, Topics } from '@riskpool/contracts';
import { appendToOutbox, qualified } from '@riskpool/db';
import {
  type AppendedEntry,
  type CheckpointSigner,
  type EntryDraft,
  type EventOutcome,
  type LedgerEvent,
  LedgerState,
  type KeyRotation,
  type SignedCheckpoint,
  entryFromJson,
  signKeyRotation,
} from '@riskpool/ledger-core';
import { type SigningKeys, keyDecision } from '../keys/signing-key-source';
import { appRoleStatements } from '../migrations/1767300000000-ledger-init';
import { CONSUMPTION_LOG_TABLE } from '../migrations/1767700000000-ledger-consumption-log';
import { ExposureBook, type ExposureStage } from './exposure-memo';
import {
  type ClaimFacts,
  HoldBook,
  type HoldStage,
  type LedgerInput,
  type LedgerPlan,
  type OpenPending,
  planEvent,
} from './posting-rules';
import {
  type EventRow,
  type HoldRow,
  JournalRepository,
  type ResolutionRow,
  type StoredEntry,
} from './journal.repository';

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

function counter(name: string, help: string, labelNames: string[] = []): Counter {
  return (
    (register.getSingleMetric(name) as Counter | undefined) ??
    new Counter({ name, help, labelNames })
  );
}
function gauge(name: string, help: string): Gauge {
  return (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help });
}

export const ledgerMetrics = {
  conflicts: () =>
    counter('riskpool_ledger_event_conflicts_total', 'Events refused: same id, different content', [
      'type',
    ]),
  rejected: () =>
    counter('riskpool_ledger_events_rejected_total', 'Events refused by the ledger rules', [
      'code',
    ]),
  parked: () => gauge('riskpool_ledger_parked_events', 'Events waiting for a hold or a deposit'),
  entries: () => counter('riskpool_ledger_entries_total', 'Journal entries appended'),
  postings: () => counter('riskpool_ledger_postings_total', 'Postings appended'),
  checkpoints: () => counter('riskpool_ledger_checkpoints_total', 'Checkpoints signed'),
  treeSize: () => gauge('riskpool_ledger_tree_size', 'Entries in the journal'),
};

/** Stable JSON (sorted keys): the content an event id is compared by. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function payloadHash(input: LedgerInput): string {
  return createHash('sha256')
    .update(`${input.eventType}\n${stableJson(input.data)}`)
    .digest('hex');
}

function toTimestamp(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

/**
 * The single writer of the journal: holds the advisory lock, keeps the LedgerState (tree, chain,
 * counters, event index), the open holds and the claims it knows in memory, applies each Kafka
 * batch in one transaction, and signs checkpoints every N entries or T seconds.
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
  private lastCheckpoint: SignedCheckpoint | undefined;
  private lastCheckpointAt = Date.now();
  private lockClient: Client | undefined;
  /** Set when the lock's session ended under us: another writer may hold the lock now. */
  private lockLost = false;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private started = false;
  /** Running totals, for the bench and /metrics-free diagnostics. */
  readonly stats = {
    batches: 0,
    events: 0,
    entries: 0,
    postings: 0,
    checkpoints: 0,
    applyMs: 0,
    stageMs: { lookup: 0, prepare: 0, write: 0, commit: 0, checkpoint: 0 },
  };

  setAuditListener(listener: AuditListener): void {
    this.auditListener = listener;
  }

  constructor(private readonly options: LedgerWriterOptions) {
    this.repo = new JournalRepository(options.schema);
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
    return this.lastCheckpoint;
  }

  get parkedCount(): number {
    return this.parked.length;
  }

  private t(table: string): string {
    return qualified(this.options.schema, table);
  }

  private requireSigner(): CheckpointSigner {
    if (this.signer === undefined) throw new Error('the ledger writer has not started');
    return this.signer;
  }

  /** Takes the writer lock, sets the database role, loads the key and rebuilds the state. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.takeWriterLock();
    try {
      if (this.options.appRole !== '') await this.useAppRole(this.options.appRole);
      await this.rebuild();
      this.signer = await this.settleSigningKey();
    } catch (error) {
      // A writer that will not run lets the next one take the lock at once.
      const client = this.lockClient;
      this.lockClient = undefined;
      await client?.end().catch(() => undefined);
      throw error;
    }
    this.timer = setInterval(() => {
      if (Date.now() - this.lastCheckpointAt >= this.options.checkpointSeconds * 1000) {
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
    if (this.started && this.holdsLock && this.state.size > (this.lastCheckpoint?.treeSize ?? 0n)) {
      await this.checkpointNow('stop').catch(() => undefined);
    }
    this.started = false;
    const client = this.lockClient;
    this.lockClient = undefined;
    await client?.end().catch(() => undefined);
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async takeWriterLock(): Promise<void> {
    const deadline = Date.now() + this.options.lockWaitMs;
    const held = new Error(`another ledger writer holds the lock on schema ${this.options.schema}`);
    for (;;) {
      const client = new Client({
        connectionString: this.options.databaseUrl,
        application_name: 'ledger-writer-lock',
      });
      // The lock lives as long as this session: if it ends (database restart, network, a killed
      // backend) another writer may take over, so this one must not write again.
      const lost = () => {
        if (this.lockClient === client) this.lockLost = true;
      };
      client.on('error', lost);
      client.on('end', lost);
      try {
        await client.connect();
        for (;;) {
          const rows = await client.query<{ ok: boolean }>(
            'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
            [`riskpool.ledger.writer.${this.options.schema}`],
          );
          if (rows.rows[0]?.ok === true) {
            this.lockClient = client;
            this.lockLost = false;
            return;
          }
          if (Date.now() >= deadline) throw held;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      } catch (error) {
        await client.end().catch(() => undefined);
        if (error === held || Date.now() >= deadline) throw error;
        // A standby outlives a database failover (docs/deploy.md): it connects again and waits on.
        this.options.logger?.warn('writer lock: the connection failed while waiting; again', {
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  /** Refuses to write without the lock (the seq primary key would also stop a second writer). */
  private requireLock(): void {
    if (this.lockLost || this.lockClient === undefined)
      throw new Error(`the ledger writer lost its lock on schema ${this.options.schema}`);
  }

  /** True while this writer holds the single-writer lock. */
  get holdsLock(): boolean {
    return this.lockClient !== undefined && !this.lockLost;
  }

  /** Grants (idempotent), then every pooled connection, present and future, runs SET ROLE. */
  private async useAppRole(role: string): Promise<void> {
    const ds = this.options.dataSource;
    for (const sql of appRoleStatements(this.options.schema, role)) await ds.query(sql);
    const pool = (ds.driver as unknown as { master: Pool }).master;
    const setRole = `SET ROLE "${role}"`;
    pool.on('connect', (client: PoolClient) => {
      client.query(setRole).catch(() => undefined);
    });
    const idle = Math.max(pool.totalCount, 1);
    const clients = await Promise.all(Array.from({ length: idle }, () => pool.connect()));
    try {
      for (const client of clients) await client.query(setRole);
    } finally {
      for (const client of clients) client.release();
    }
  }

  /**
   * The key in force in the journal (the last rotation's, else its checkpoints'), compared with the
   * configured one: the same (or an empty journal) goes on; the configured previous key being the
   * one in force rotates; anything else refuses to start, so no one can swap keys by restarting.
   */
  private async settleSigningKey(): Promise<CheckpointSigner> {
    const { keys } = this.options;
    for (const warning of keys.warnings) this.options.logger?.warn(warning);
    const current = await this.keyInForce();
    if (keyDecision(current, keys) === 'rotate' && keys.previous !== undefined)
      await this.rotate(keys.previous, keys.signer);
    await this.options.dataSource.query(
      `INSERT INTO ${this.t('signing_keys')} (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING`,
      [keys.signer.keyId, keys.signer.publicKeyPem],
    );
    this.options.logger?.info(
      `checkpoint signing key ${keys.signer.keyId}: the id regulators pin (verify --key-id)`,
      { keyId: keys.signer.keyId },
    );
    return keys.signer;
  }

  private async keyInForce(): Promise<string | undefined> {
    const rotations = (await this.options.dataSource.query(
      `SELECT key_id FROM ${this.t('key_rotations')} ORDER BY tree_size::bigint DESC, recorded_at DESC LIMIT 1`,
    )) as Array<{ key_id: string }>;
    return rotations[0]?.key_id ?? this.lastCheckpoint?.keyId;
  }

  /**
   * Signs, with the retiring key, a checkpoint of the journal as it stands (unless the last one
   * is of this size) and the announcement of the new key at that size; one transaction.
   */
  private async rotate(previous: CheckpointSigner, next: CheckpointSigner): Promise<void> {
    this.requireLock();
    const now = new Date().toISOString();
    const last = this.lastCheckpoint;
    const cp =
      last !== undefined && last.treeSize === this.state.size
        ? undefined
        : this.state.checkpoint(previous, now);
    const at = cp ?? (last as SignedCheckpoint);
    const rotation = signKeyRotation({ ...at, rotatedAt: now }, previous, next.publicKeyPem);
    await this.options.dataSource.transaction(async (manager) => {
      if (cp !== undefined) await this.recordCheckpoint(manager, cp);
      await this.repo.insertKeyRotation(manager, rotation);
    });
    if (cp !== undefined) this.noteCheckpoint(cp);
    this.options.logger?.warn(
      `rotated the checkpoint signing key from ${previous.keyId} to ${next.keyId} at tree size ${at.treeSize}`,
      { previousKeyId: previous.keyId, keyId: next.keyId, treeSize: at.treeSize.toString() },
    );
  }

  /** The public keys that have signed for this journal (ids and SPKI PEM), oldest first. */
  async publicKeys(): Promise<Array<{ keyId: string; publicKeyPem: string }>> {
    const rows = (await this.options.dataSource.query(
      `SELECT key_id, public_key_pem FROM ${this.t('signing_keys')} ORDER BY created_at, key_id`,
    )) as Array<{ key_id: string; public_key_pem: string }>;
    return rows.map((r) => ({ keyId: r.key_id, publicKeyPem: r.public_key_pem }));
  }

  /** The rotations, oldest first (for the export and the public-key route). */
  async keyRotations(): Promise<KeyRotation[]> {
    return this.repo.keyRotations(this.options.dataSource.manager);
  }

  /** Replays the stored journal (checking canonical bytes, chain and rules) and loads the rest. */
  private async rebuild(): Promise<void> {
    const ds = this.options.dataSource;
    const state = new LedgerState({ tree: 'full' });
    const exposure = new ExposureBook();
    let after = '0';
    for (;;) {
      const rows = (await ds.query(
        `SELECT seq::text, canonical FROM ${this.t('entries')} WHERE seq > $1 ORDER BY seq::bigint LIMIT 20000`,
        [after],
      )) as Array<{ seq: string; canonical: Buffer }>;
      if (rows.length === 0) break;
      for (const row of rows) {
        const entry = entryFromJson(JSON.parse(row.canonical.toString('utf8')) as unknown);
        const outcome = state.appendEntry(entry, { bytes: row.canonical });
        if (!outcome.ok)
          throw new Error(`journal entry ${row.seq}: ${outcome.code}: ${outcome.message}`);
        exposure.apply(entry.eventType, entry);
      }
      after = rows[rows.length - 1]?.seq ?? after;
    }
    this.state = state;
    this.exposure = exposure;
    const holds = new HoldBook();
    const open = (await ds.query(
      `SELECT h.hold_id, h.fund_id, h.claim_id, h.loan_id, h.amount_fen::text, h.event_id, h.entry_index
       FROM ${this.t('holds')} h LEFT JOIN ${this.t('hold_resolutions')} r USING (pending_seq)
       WHERE r.pending_seq IS NULL ORDER BY h.pending_seq`,
    )) as Array<Record<string, string | number>>;
    for (const h of open) {
      holds.add({
        holdId: String(h['hold_id']),
        fundId: String(h['fund_id']),
        claimId: String(h['claim_id']),
        loanId: String(h['loan_id']),
        amountFen: BigInt(String(h['amount_fen'])),
        eventId: String(h['event_id']),
        entryIndex: Number(h['entry_index']),
      });
    }
    this.holds = holds;
    this.claims.clear();
    const claims = (await ds.query(
      `SELECT claim_id, loan_id, bank_id, policy_version FROM ${this.t('claims')}`,
    )) as Array<Record<string, string>>;
    for (const c of claims)
      this.claims.set(String(c['claim_id']), {
        claimId: String(c['claim_id']),
        loanId: String(c['loan_id']),
        bankId: String(c['bank_id']),
        policyVersion: String(c['policy_version']),
      });
    const parked = (await ds.query(
      `SELECT envelope FROM ${this.t('parked_events')} ORDER BY parked_at, event_id`,
    )) as Array<{ envelope: LedgerInput }>;
    this.parked = parked.map((p) => p.envelope);
    const batches = (await ds.query(
      `SELECT coalesce(max(batch_seq), 0)::text AS last FROM ${this.t(CONSUMPTION_LOG_TABLE)}`,
    )) as Array<{ last: string }>;
    this.nextBatchSeq = BigInt(batches[0]?.last ?? '0') + 1n;
    const cps = (await ds.query(
      `SELECT tree_size::text, root_hash, chain_hash, issued_at, key_id, signature FROM ${this.t('checkpoints')}
       ORDER BY tree_size::bigint DESC LIMIT 1`,
    )) as Array<Record<string, string>>;
    const cp = cps[0];
    this.lastCheckpoint =
      cp === undefined
        ? undefined
        : {
            treeSize: BigInt(String(cp['tree_size'])),
            rootHash: String(cp['root_hash']),
            chainHash: String(cp['chain_hash']),
            issuedAt: String(cp['issued_at']),
            keyId: String(cp['key_id']),
            signature: String(cp['signature']),
          };
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
    this.requireLock();
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
    const excluded = new Map<LedgerInput, { outcome: 'PARKED' | 'REJECTED'; reason: string }>();
    let round: ReturnType<LedgerWriter['planRound']>;
    for (;;) {
      round = this.planRound([...fresh, ...retried], excluded);
      const refused = round.prepared.outcomes.filter((o) => o.status !== 'APPLIED');
      if (refused.length === 0) break;
      for (const o of refused) {
        const input = round.byEventId.get(o.eventId) as LedgerInput;
        excluded.set(input, describeRefusal(o));
      }
    }
    const { plans, prepared, stage, claims, memo } = round;

    // Rows to write.
    const events: EventRow[] = [];
    const unparked: EventRow[] = [];
    const toPark: Array<{ eventId: string; eventType: string; envelope: unknown; reason: string }> =
      [];
    const audit: Array<{
      eventId: string;
      eventType: string;
      subject: string;
      occurredAt: string;
      payload: unknown;
    }> = [];
    const stored: StoredEntry[] = [];
    const holdRows: HoldRow[] = [];
    const resolutions: ResolutionRow[] = [];
    const appliedByEvent = new Map<string, AppendedEntry[]>();
    for (const o of prepared.outcomes)
      if (o.status === 'APPLIED') appliedByEvent.set(o.eventId, [...o.entries]);
    let rejected = 0;
    let parkedNow = 0;
    let postedCount = 0;
    const stillParked: LedgerInput[] = [];
    for (const input of [...fresh, ...retried]) {
      const isRetry = retriedIds.has(input.eventId) && !seen.has(input.eventId);
      const hash = hashes.get(input) as string;
      const refusal = excluded.get(input);
      const plan = plans.get(input);
      let row: EventRow;
      if (refusal !== undefined) {
        row = {
          eventId: input.eventId,
          eventType: input.eventType,
          payloadHash: hash,
          outcome: refusal.outcome,
          reason: refusal.reason,
        };
        if (refusal.outcome === 'PARKED') {
          stillParked.push(input);
          if (!isRetry) {
            toPark.push({
              eventId: input.eventId,
              eventType: input.eventType,
              envelope: input,
              reason: refusal.reason,
            });
            parkedNow++;
          }
          if (isRetry) continue;
        } else {
          rejected++;
          ledgerMetrics.rejected().inc({ code: refusal.reason.split(':')[0] ?? 'UNKNOWN' });
          this.options.logger?.warn('event refused by the ledger rules', {
            eventId: input.eventId,
            reason: refusal.reason,
          });
        }
      } else if (plan?.kind === 'entries') {
        const appended = appliedByEvent.get(input.eventId) ?? [];
        row = {
          eventId: input.eventId,
          eventType: input.eventType,
          payloadHash: hash,
          outcome: 'POSTED',
          ...(appended[0] ? { firstSeq: appended[0].entry.seq } : {}),
          entryCount: appended.length,
        };
        const heldAmounts = new Map<number, bigint>();
        for (const r of plan.resolves) heldAmounts.set(r.entryIndex, r.pending.amountFen);
        appended.forEach((a, index) => {
          const e = a.entry;
          stored.push({
            appended: a,
            bankId: plan.entryBankIds?.[index] ?? plan.bankId,
            ...(index === 0 ? { payloadHash: hash } : {}),
            deltas: e.postings.map((p) => {
              switch (e.kind) {
                case 'POST':
                  return { pending: 0n, posted: p.amountFen };
                case 'PENDING':
                  return { pending: p.amountFen, posted: 0n };
                case 'POST_PENDING':
                  return { pending: -(heldAmounts.get(index) ?? p.amountFen), posted: p.amountFen };
                case 'VOID_PENDING':
                  return { pending: -p.amountFen, posted: 0n };
                case 'ANCHOR':
                  // An anchor has no postings; listed so that a new kind cannot be forgotten.
                  return { pending: 0n, posted: 0n };
              }
            }),
          });
        });
        if (plan.record === true)
          audit.push({
            eventId: input.eventId,
            eventType: input.eventType,
            subject: input.subject,
            occurredAt: toTimestamp(input.time),
            payload: input.data,
          });
        for (const open of plan.opens) {
          const seq = appended[open.entryIndex]?.entry.seq as bigint;
          holdRows.push({ pendingSeq: seq, pending: open.pending });
        }
        for (const r of plan.resolves) {
          const e = appended[r.entryIndex]?.entry;
          if (e?.pendingEntrySeq === undefined) throw new Error('a resolution without its hold');
          resolutions.push({
            pendingSeq: e.pendingEntrySeq,
            resolvedBySeq: e.seq,
            kind: r.kind,
            postedFen: r.postedFen,
          });
        }
      } else {
        row = {
          eventId: input.eventId,
          eventType: input.eventType,
          payloadHash: hash,
          outcome: 'AUDIT',
        };
        audit.push({
          eventId: input.eventId,
          eventType: input.eventType,
          subject: input.subject,
          occurredAt: toTimestamp(input.time),
          payload: input.data,
        });
      }
      if (isRetry) unparked.push(row);
      else if (row.outcome === 'POSTED') postedCount++;
      else events.push(row);
    }

    const outgoing: OutgoingEvent[] = [];
    if (prepared.appended.length > 0 && this.options.entryEvents !== 'none') {
      const list =
        this.options.entryEvents === 'entry' ? prepared.appended : prepared.appended.slice(-1);
      const postedAt = new Date().toISOString();
      for (const a of list) {
        outgoing.push(
          createEvent({
            topic: Topics.ledgerEntryPosted,
            source: 'ledger',
            subject: 'ledger',
            data: {
              seq: a.entry.seq.toString(),
              entryId: a.entry.entryId,
              eventId: a.entry.eventId,
              eventType: a.entry.eventType,
              leafHash: a.leafHash.toString('hex'),
              postedAt,
            },
          }),
        );
      }
    }

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
    if (fresh.length > 0) this.parked = stillParked;
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
      applied: postedCount + unparked.filter((e) => e.outcome === 'POSTED').length,
      audited: audit.length,
      duplicates,
      conflicts: conflicts.length,
      parked: parkedNow,
      rejected,
      entries: stored.length,
      postings,
      size: this.state.size,
    };
  }

  private planRound(
    inputs: readonly LedgerInput[],
    excluded: ReadonlyMap<LedgerInput, unknown>,
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
        (excluded as Map<LedgerInput, { outcome: 'PARKED' | 'REJECTED'; reason: string }>).set(
          input,
          {
            outcome: 'PARKED',
            reason: plan.reason,
          },
        );
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

  private async checkpointIfDue(force: boolean): Promise<SignedCheckpoint | undefined> {
    const last = this.lastCheckpoint?.treeSize ?? 0n;
    const size = this.state.size;
    if (size === last || size === 0n) {
      if (force) this.lastCheckpointAt = Date.now();
      return undefined;
    }
    if (!force && size - last < BigInt(this.options.checkpointEvery)) return undefined;
    this.requireLock();
    const cp = this.state.checkpoint(this.requireSigner(), new Date().toISOString());
    await this.options.dataSource.transaction((manager) => this.recordCheckpoint(manager, cp));
    this.noteCheckpoint(cp);
    return cp;
  }

  /** The checkpoint row and its ledger.checkpoint-signed.v1 (outbox), in the caller's transaction. */
  private async recordCheckpoint(manager: EntityManager, cp: SignedCheckpoint): Promise<void> {
    await this.repo.insertCheckpoint(manager, cp);
    await appendToOutbox(manager, this.options.schema, [
      createEvent({
        topic: Topics.ledgerCheckpointSigned,
        source: 'ledger',
        subject: 'ledger',
        data: {
          treeSize: cp.treeSize.toString(),
          rootHash: cp.rootHash,
          chainHash: cp.chainHash,
          keyId: cp.keyId,
          signature: cp.signature,
          issuedAt: cp.issuedAt,
        },
      }),
    ]);
  }

  private noteCheckpoint(cp: SignedCheckpoint): void {
    this.lastCheckpoint = cp;
    this.lastCheckpointAt = Date.now();
    ledgerMetrics.checkpoints().inc();
    this.stats.checkpoints++;
  }
}

function describeRefusal(o: EventOutcome): { outcome: 'PARKED' | 'REJECTED'; reason: string } {
  if (o.status === 'REJECTED') {
    return {
      outcome: RETRYABLE.has(o.code) ? 'PARKED' : 'REJECTED',
      reason: `${o.code}: ${o.message}${o.account ? ` (${o.account})` : ''}`,
    };
  }
  if (o.status === 'CONFLICT') return { outcome: 'REJECTED', reason: `CONFLICT: ${o.message}` };
  return { outcome: 'REJECTED', reason: `DUPLICATE: event ${o.eventId} already in the journal` };
}

export type { OpenPending };
