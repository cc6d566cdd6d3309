import { EntityManager } from 'typeorm';
import { qualified } from '@riskpool/db';
import type { AppendedEntry, SignedCheckpoint } from '@riskpool/ledger-core';
import { ownerOf } from './chart';
import type { ClaimFacts, OpenPending } from './posting-rules';

/** One appended entry with what the service stores beside its canonical bytes. */
export interface StoredEntry {
  readonly appended: AppendedEntry;
  readonly bankId: string | undefined;
  /** Per posting: how it moved its account's pending and posted counters. */
  readonly deltas: ReadonlyArray<{ readonly pending: bigint; readonly posted: bigint }>;
}

export interface EventRow {
  readonly eventId: string;
  readonly eventType: string;
  readonly payloadHash: string;
  readonly outcome: 'POSTED' | 'AUDIT' | 'PARKED' | 'REJECTED';
  readonly firstSeq?: bigint;
  readonly entryCount?: number;
  readonly reason?: string;
}

export interface HoldRow {
  readonly pendingSeq: bigint;
  readonly pending: OpenPending;
}

export interface ResolutionRow {
  readonly pendingSeq: bigint;
  readonly resolvedBySeq: bigint;
  readonly kind: 'POST_PENDING' | 'VOID_PENDING';
  readonly postedFen: bigint;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The only SQL of the write side: bulk inserts with `unnest`, one statement per table per batch. */
export class JournalRepository {
  constructor(private readonly schema: string) {}

  private t(table: string): string {
    return qualified(this.schema, table);
  }

  async knownEvents(
    manager: EntityManager,
    eventIds: readonly string[],
  ): Promise<Map<string, { payloadHash: string; outcome: string }>> {
    if (eventIds.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT event_id, payload_hash, outcome FROM ${this.t('events')} WHERE event_id = ANY($1::text[])`,
      [eventIds],
    )) as Array<{ event_id: string; payload_hash: string; outcome: string }>;
    return new Map(
      rows.map((r) => [r.event_id, { payloadHash: r.payload_hash, outcome: r.outcome }]),
    );
  }

  async insertEvents(manager: EntityManager, rows: readonly EventRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('events')} (event_id, event_type, payload_hash, outcome, first_seq, entry_count, reason)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::text[])`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.payloadHash),
        rows.map((r) => r.outcome),
        rows.map((r) => (r.firstSeq === undefined ? null : r.firstSeq.toString())),
        rows.map((r) => r.entryCount ?? 0),
        rows.map((r) => r.reason ?? null),
      ],
    );
  }

  /** A parked event that now applied (or was finally rejected). */
  async resolveParked(manager: EntityManager, rows: readonly EventRow[]): Promise<void> {
    for (const r of rows) {
      await manager.query(
        `UPDATE ${this.t('events')} SET outcome = $2, first_seq = $3, entry_count = $4, reason = $5 WHERE event_id = $1`,
        [r.eventId, r.outcome, r.firstSeq?.toString() ?? null, r.entryCount ?? 0, r.reason ?? null],
      );
      await manager.query(`DELETE FROM ${this.t('parked_events')} WHERE event_id = $1`, [
        r.eventId,
      ]);
    }
  }

  async park(
    manager: EntityManager,
    rows: ReadonlyArray<{ eventId: string; eventType: string; envelope: unknown; reason: string }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('parked_events')} (event_id, event_type, envelope, reason)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[])
       ON CONFLICT (event_id) DO UPDATE SET reason = excluded.reason`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => JSON.stringify(r.envelope)),
        rows.map((r) => r.reason),
      ],
    );
  }

  async insertEntries(manager: EntityManager, entries: readonly StoredEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const e = entries.map((s) => s.appended.entry);
    await manager.query(
      `INSERT INTO ${this.t('entries')} (seq, entry_id, event_id, event_type, kind, pending_entry_seq,
         claim_id, loan_id, policy_version, bank_id, occurred_at, occurred_at_ts, prev_hash, leaf_hash,
         chain_hash, canonical)
       SELECT u.seq, u.entry_id, u.event_id, u.event_type, u.kind, u.pending_entry_seq, u.claim_id,
         u.loan_id, u.policy_version, u.bank_id, u.occurred_at, u.occurred_at::timestamptz,
         decode(u.prev_hash, 'hex'), decode(u.leaf_hash, 'hex'), decode(u.chain_hash, 'hex'),
         decode(u.canonical, 'hex')
       FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
         $14::text[], $15::text[])
         AS u(seq, entry_id, event_id, event_type, kind, pending_entry_seq, claim_id, loan_id,
         policy_version, bank_id, occurred_at, prev_hash, leaf_hash, chain_hash, canonical)`,
      [
        e.map((x) => x.seq.toString()),
        e.map((x) => x.entryId),
        e.map((x) => x.eventId),
        e.map((x) => x.eventType),
        e.map((x) => x.kind),
        e.map((x) => x.pendingEntrySeq?.toString() ?? null),
        e.map((x) => x.claimId ?? null),
        e.map((x) => x.loanId ?? null),
        e.map((x) => x.policyVersion ?? null),
        entries.map((s) => s.bankId ?? null),
        e.map((x) => x.occurredAt),
        e.map((x) => x.prevHash),
        entries.map((s) => hex(s.appended.leafHash)),
        entries.map((s) => hex(s.appended.chainHash)),
        entries.map((s) => hex(s.appended.canonical)),
      ],
    );
    const seq: string[] = [];
    const idx: number[] = [];
    const account: string[] = [];
    const side: string[] = [];
    const amount: string[] = [];
    const ownerType: string[] = [];
    const ownerId: string[] = [];
    const pendingDelta: string[] = [];
    const postedDelta: string[] = [];
    const balances = new Map<string, { owner: ReturnType<typeof ownerOf>; c: bigint[] }>();
    for (const s of entries) {
      const entry = s.appended.entry;
      entry.postings.forEach((p, i) => {
        const owner = ownerOf(p.account);
        const delta = s.deltas[i] ?? { pending: 0n, posted: 0n };
        seq.push(entry.seq.toString());
        idx.push(i);
        account.push(p.account);
        side.push(p.side);
        amount.push(p.amountFen.toString());
        ownerType.push(owner.ownerType);
        ownerId.push(owner.ownerId);
        pendingDelta.push(delta.pending.toString());
        postedDelta.push(delta.posted.toString());
        const b = balances.get(p.account) ?? { owner, c: [0n, 0n, 0n, 0n] };
        const base = p.side === 'DEBIT' ? 0 : 2;
        b.c[base] = (b.c[base] as bigint) + delta.pending;
        b.c[base + 1] = (b.c[base + 1] as bigint) + delta.posted;
        balances.set(p.account, b);
      });
    }
    await manager.query(
      `INSERT INTO ${this.t('postings')} (seq, idx, account, side, amount_fen, owner_type, owner_id, pending_delta, posted_delta)
       SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::bigint[], $9::bigint[])`,
      [seq, idx, account, side, amount, ownerType, ownerId, pendingDelta, postedDelta],
    );
    const list = [...balances.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await manager.query(
      `INSERT INTO ${this.t('account_balances')} AS b (account, owner_type, owner_id, debits_pending, debits_posted, credits_pending, credits_posted)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
       ON CONFLICT (account) DO UPDATE SET
         debits_pending = b.debits_pending + excluded.debits_pending,
         debits_posted = b.debits_posted + excluded.debits_posted,
         credits_pending = b.credits_pending + excluded.credits_pending,
         credits_posted = b.credits_posted + excluded.credits_posted`,
      [
        list.map(([a]) => a),
        list.map(([, v]) => v.owner.ownerType),
        list.map(([, v]) => v.owner.ownerId),
        ...[0, 1, 2, 3].map((k) => list.map(([, v]) => (v.c[k] as bigint).toString())),
      ],
    );
  }

  async insertHolds(manager: EntityManager, rows: readonly HoldRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('holds')} (pending_seq, hold_id, fund_id, claim_id, loan_id, amount_fen, event_id, entry_index)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::int[])`,
      [
        rows.map((r) => r.pendingSeq.toString()),
        rows.map((r) => r.pending.holdId),
        rows.map((r) => r.pending.fundId),
        rows.map((r) => r.pending.claimId),
        rows.map((r) => r.pending.loanId),
        rows.map((r) => r.pending.amountFen.toString()),
        rows.map((r) => r.pending.eventId),
        rows.map((r) => r.pending.entryIndex),
      ],
    );
  }

  async insertResolutions(manager: EntityManager, rows: readonly ResolutionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('hold_resolutions')} (pending_seq, resolved_by_seq, kind, posted_fen)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[])`,
      [
        rows.map((r) => r.pendingSeq.toString()),
        rows.map((r) => r.resolvedBySeq.toString()),
        rows.map((r) => r.kind),
        rows.map((r) => r.postedFen.toString()),
      ],
    );
  }

  async insertAudit(
    manager: EntityManager,
    rows: ReadonlyArray<{
      eventId: string;
      eventType: string;
      subject: string;
      occurredAt: string;
      payload: unknown;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('audit_trail')} (event_id, event_type, subject, occurred_at, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.subject),
        rows.map((r) => r.occurredAt),
        rows.map((r) => JSON.stringify(r.payload)),
      ],
    );
  }

  async insertConflicts(
    manager: EntityManager,
    rows: ReadonlyArray<{
      eventId: string;
      eventType: string;
      storedHash: string;
      receivedHash: string;
      payload: unknown;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('event_conflicts')} (event_id, event_type, stored_hash, received_hash, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.storedHash),
        rows.map((r) => r.receivedHash),
        rows.map((r) => JSON.stringify(r.payload)),
      ],
    );
  }

  async upsertClaims(manager: EntityManager, claims: readonly ClaimFacts[]): Promise<void> {
    if (claims.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('claims')} (claim_id, loan_id, bank_id, policy_version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (claim_id) DO UPDATE SET loan_id = excluded.loan_id, bank_id = excluded.bank_id,
         policy_version = excluded.policy_version`,
      [
        claims.map((c) => c.claimId),
        claims.map((c) => c.loanId),
        claims.map((c) => c.bankId),
        claims.map((c) => c.policyVersion),
      ],
    );
  }

  async insertCheckpoint(manager: EntityManager, cp: SignedCheckpoint): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('checkpoints')} (tree_size, root_hash, chain_hash, issued_at, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [cp.treeSize.toString(), cp.rootHash, cp.chainHash, cp.issuedAt, cp.keyId, cp.signature],
    );
  }
}
