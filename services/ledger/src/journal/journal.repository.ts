import { EntityManager } from 'typeorm';
import { SchemaRepository } from '@riskpool/db';
import type { AppendedEntry, KeyRotation, SignedCheckpoint } from '@riskpool/ledger-core';
import { ownerOf } from './chart';
import type { ClaimFacts, OpenPending } from './posting-rules';

/** What reading the consumption log needs: an EntityManager, or any connection's query. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** One appended entry with what the service stores beside its canonical bytes. */
export interface StoredEntry {
  readonly appended: AppendedEntry;
  readonly bankId: string | undefined;
  /** On the first entry of each event: its payload hash (hex), the idempotency content. */
  readonly payloadHash?: string;
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

/** The posting rows of a batch as nine column arrays (for `unnest`). */
function postingColumns(entries: readonly StoredEntry[]): unknown[][] {
  const cols: [
    string[],
    number[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
  ] = [[], [], [], [], [], [], [], [], []];
  for (const s of entries) {
    const entry = s.appended.entry;
    const seq = entry.seq.toString();
    entry.postings.forEach((p, i) => {
      const owner = ownerOf(p.account);
      const delta = s.deltas[i] ?? { pending: 0n, posted: 0n };
      cols[0].push(seq);
      cols[1].push(i);
      cols[2].push(p.account);
      cols[3].push(p.side);
      cols[4].push(p.amountFen.toString());
      cols[5].push(owner.ownerType);
      cols[6].push(owner.ownerId);
      cols[7].push(delta.pending.toString());
      cols[8].push(delta.posted.toString());
    });
  }
  return cols;
}

/** The batch's change to each account's four counters, sorted by account (a stable lock order). */
function balanceColumns(entries: readonly StoredEntry[]): unknown[][] {
  const balances = new Map<string, { owner: ReturnType<typeof ownerOf>; c: bigint[] }>();
  for (const s of entries) {
    s.appended.entry.postings.forEach((p, i) => {
      const delta = s.deltas[i] ?? { pending: 0n, posted: 0n };
      let b = balances.get(p.account);
      if (b === undefined) {
        b = { owner: ownerOf(p.account), c: [0n, 0n, 0n, 0n] };
        balances.set(p.account, b);
      }
      const base = p.side === 'DEBIT' ? 0 : 2;
      b.c[base] = (b.c[base] as bigint) + delta.pending;
      b.c[base + 1] = (b.c[base + 1] as bigint) + delta.posted;
    });
  }
  const list = [...balances.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    list.map(([a]) => a),
    list.map(([, v]) => v.owner.ownerType),
    list.map(([, v]) => v.owner.ownerId),
    ...[0, 1, 2, 3].map((k) => list.map(([, v]) => (v.c[k] as bigint).toString())),
  ];
}

/** An event with its payload, as a side table keeps it, plus two text columns of its own (`K`). */
type EventPayloadRow<K extends string> = {
  eventId: string;
  eventType: string;
  payload: unknown;
} & Record<K, string>;

/** The only SQL of the write side: bulk inserts with `unnest`; the journal rows of a batch in one statement. */
export class JournalRepository extends SchemaRepository {
  /**
   * What is stored for these event ids: the `events` row of an event that posted nothing (or was
   * parked first), and the payload hash on the first entry of a posted one, found by the seq the
   * in-memory state knows (`postedSeqs`). One round trip.
   */
  async knownEvents(
    manager: EntityManager,
    eventIds: readonly string[],
    postedSeqs: readonly bigint[],
  ): Promise<Map<string, { payloadHash: string; outcome: string }>> {
    if (eventIds.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT event_id, payload_hash, outcome FROM ${this.t('events')} WHERE event_id = ANY($1::text[])
       UNION ALL
       SELECT event_id, encode(payload_hash, 'hex'), 'POSTED' FROM ${this.t('entries')}
       WHERE seq = ANY($2::bigint[]) AND payload_hash IS NOT NULL`,
      [eventIds, postedSeqs.map(String)],
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
      // A posted event is known by its first entry's payload hash from now on.
      if (r.outcome === 'POSTED')
        await manager.query(`DELETE FROM ${this.t('events')} WHERE event_id = $1`, [r.eventId]);
      else
        await manager.query(
          `UPDATE ${this.t('events')} SET outcome = $2, first_seq = $3, entry_count = $4, reason = $5 WHERE event_id = $1`,
          [
            r.eventId,
            r.outcome,
            r.firstSeq?.toString() ?? null,
            r.entryCount ?? 0,
            r.reason ?? null,
          ],
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

  /**
   * Entries, postings, the account counters, new holds and hold resolutions of one batch in ONE
   * statement (data-modifying CTEs, arrays as parameters): one round trip instead of five. The
   * resolutions' foreign key to holds is checked at the end of the statement, so a hold placed and
   * resolved in the same batch is fine.
   */
  async writeJournal(
    manager: EntityManager,
    entries: readonly StoredEntry[],
    holds: readonly HoldRow[],
    resolutions: readonly ResolutionRow[],
  ): Promise<void> {
    if (entries.length === 0 && holds.length === 0 && resolutions.length === 0) return;
    const e = entries.map((s) => s.appended.entry);
    const postings = postingColumns(entries);
    const balances = balanceColumns(entries);
    await manager.query(
      `WITH new_entries AS (
         INSERT INTO ${this.t('entries')} (seq, entry_id, event_id, event_type, kind, pending_entry_seq,
           claim_id, loan_id, policy_version, bank_id, occurred_at, occurred_at_ts, prev_hash, leaf_hash,
           chain_hash, canonical, payload_hash)
         SELECT u.seq, u.entry_id, u.event_id, u.event_type, u.kind, u.pending_entry_seq, u.claim_id,
           u.loan_id, u.policy_version, u.bank_id, u.occurred_at, u.occurred_at::timestamptz,
           decode(u.prev_hash, 'hex'), decode(u.leaf_hash, 'hex'), decode(u.chain_hash, 'hex'),
           decode(u.canonical, 'hex'), decode(u.payload_hash, 'hex')
         FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[],
           $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
           $14::text[], $15::text[], $16::text[])
           AS u(seq, entry_id, event_id, event_type, kind, pending_entry_seq, claim_id, loan_id,
           policy_version, bank_id, occurred_at, prev_hash, leaf_hash, chain_hash, canonical, payload_hash)
       ), new_postings AS (
         INSERT INTO ${this.t('postings')} (seq, idx, account, side, amount_fen, owner_type, owner_id, pending_delta, posted_delta)
         SELECT * FROM unnest($17::bigint[], $18::smallint[], $19::text[], $20::text[], $21::bigint[], $22::text[], $23::text[], $24::bigint[], $25::bigint[])
       ), new_balances AS (
         INSERT INTO ${this.t('account_balances')} AS b (account, owner_type, owner_id, debits_pending, debits_posted, credits_pending, credits_posted)
         SELECT * FROM unnest($26::text[], $27::text[], $28::text[], $29::bigint[], $30::bigint[], $31::bigint[], $32::bigint[])
         ON CONFLICT (account) DO UPDATE SET
           debits_pending = b.debits_pending + excluded.debits_pending,
           debits_posted = b.debits_posted + excluded.debits_posted,
           credits_pending = b.credits_pending + excluded.credits_pending,
           credits_posted = b.credits_posted + excluded.credits_posted
       ), new_holds AS (
         INSERT INTO ${this.t('holds')} (pending_seq, hold_id, fund_id, claim_id, loan_id, amount_fen, event_id, entry_index)
         SELECT * FROM unnest($33::bigint[], $34::text[], $35::text[], $36::text[], $37::text[], $38::bigint[], $39::text[], $40::int[])
       )
       INSERT INTO ${this.t('hold_resolutions')} (pending_seq, resolved_by_seq, kind, posted_fen)
       SELECT * FROM unnest($41::bigint[], $42::bigint[], $43::text[], $44::bigint[])`,
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
        entries.map((s) => s.payloadHash ?? null),
        ...postings,
        ...balances,
        holds.map((r) => r.pendingSeq.toString()),
        holds.map((r) => r.pending.holdId),
        holds.map((r) => r.pending.fundId),
        holds.map((r) => r.pending.claimId),
        holds.map((r) => r.pending.loanId),
        holds.map((r) => r.pending.amountFen.toString()),
        holds.map((r) => r.pending.eventId),
        holds.map((r) => r.pending.entryIndex),
        resolutions.map((r) => r.pendingSeq.toString()),
        resolutions.map((r) => r.resolvedBySeq.toString()),
        resolutions.map((r) => r.kind),
        resolutions.map((r) => r.postedFen.toString()),
      ],
    );
  }

  /** Non-money events, for the audit trail. */
  readonly insertAudit = this.payloadInserter<'subject' | 'occurredAt'>(
    'audit_trail',
    ['event_id', 'event_type', 'subject', 'occurred_at'],
    (r) => [r.eventId, r.eventType, r.subject, r.occurredAt],
  );

  /** Events refused for reusing a stored id with other content. */
  readonly insertConflicts = this.payloadInserter<'storedHash' | 'receivedHash'>(
    'event_conflicts',
    ['event_id', 'event_type', 'stored_hash', 'received_hash'],
    (r) => [r.eventId, r.eventType, r.storedHash, r.receivedHash],
  );

  /**
   * An insert of rows of four text columns and a jsonb `payload` into `table`, in one statement
   * (one array a column).
   */
  private payloadInserter<K extends string>(
    table: string,
    columns: readonly [string, string, string, string],
    texts: (row: EventPayloadRow<K>) => readonly [string, string, string, string],
  ) {
    return async (
      manager: EntityManager,
      rows: ReadonlyArray<EventPayloadRow<K>>,
    ): Promise<void> => {
      if (rows.length === 0) return;
      const values = rows.map(texts);
      await manager.query(
        `INSERT INTO ${this.t(table)} (${columns.join(', ')}, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
        [
          ...columns.map((_, i) => values.map((v) => v[i])),
          rows.map((r) => JSON.stringify(r.payload)),
        ],
      );
    };
  }

  /** One applied batch in the consumption log (README "Replay"), in the batch's transaction. */
  async logConsumption(
    manager: EntityManager,
    batchSeq: bigint,
    rows: ReadonlyArray<{ eventId: string; topic: string; partition: number; offset: string }>,
    journalSizeAfter: bigint,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('consumption_log')}
         (batch_seq, position, topic, kafka_partition, kafka_offset, event_id, journal_size_after)
       SELECT $1::bigint, p - 1, t, k, o, e, $6::bigint
       FROM unnest($2::text[], $3::int[], $4::bigint[], $5::text[]) WITH ORDINALITY AS x(t, k, o, e, p)`,
      [
        batchSeq.toString(),
        rows.map((r) => r.topic),
        rows.map((r) => r.partition),
        rows.map((r) => r.offset),
        rows.map((r) => r.eventId),
        journalSizeAfter.toString(),
      ],
    );
  }

  /**
   * The consumption log's batches from `afterBatch` on, in order: what a replay feeds a fresh
   * writer (README "Replay").
   */
  async consumedBatches(
    manager: Queryable,
    afterBatch: bigint,
    limit: number,
  ): Promise<
    Array<{
      batchSeq: bigint;
      journalSizeAfter: bigint;
      events: Array<{ eventId: string; topic: string; partition: number; offset: string }>;
    }>
  > {
    const rows = (await manager.query(
      // Ordered by the bigint columns (c.), not by the text the SELECT names the same.
      `SELECT c.batch_seq::text AS batch_seq, c.position, c.topic, c.kafka_partition,
              c.kafka_offset::text AS kafka_offset, c.event_id,
              c.journal_size_after::text AS journal_size_after
       FROM ${this.t('consumption_log')} c
       WHERE c.batch_seq > $1::bigint AND c.batch_seq <= $1::bigint + $2::int
       ORDER BY c.batch_seq, c.position`,
      [afterBatch.toString(), limit],
    )) as Array<Record<string, string | number>>;
    const batches = new Map<
      string,
      {
        batchSeq: bigint;
        journalSizeAfter: bigint;
        events: Array<{ eventId: string; topic: string; partition: number; offset: string }>;
      }
    >();
    for (const row of rows) {
      const key = String(row['batch_seq']);
      const batch = batches.get(key) ?? {
        batchSeq: BigInt(key),
        journalSizeAfter: BigInt(String(row['journal_size_after'])),
        events: [],
      };
      batch.events.push({
        eventId: String(row['event_id']),
        topic: String(row['topic']),
        partition: Number(row['kafka_partition']),
        offset: String(row['kafka_offset']),
      });
      batches.set(key, batch);
    }
    return [...batches.values()];
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

  async insertKeyRotation(manager: EntityManager, r: KeyRotation): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('key_rotations')}
         (tree_size, root_hash, chain_hash, previous_key_id, key_id, public_key_pem, rotated_at, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        r.treeSize.toString(),
        r.rootHash,
        r.chainHash,
        r.previousKeyId,
        r.keyId,
        r.publicKeyPem,
        r.rotatedAt,
        r.signature,
      ],
    );
  }

  async keyRotations(manager: EntityManager): Promise<KeyRotation[]> {
    const rows = (await manager.query(
      `SELECT tree_size::text, root_hash, chain_hash, previous_key_id, key_id, public_key_pem, rotated_at, signature
       FROM ${this.t('key_rotations')} ORDER BY tree_size::bigint, recorded_at`,
    )) as Array<Record<string, string>>;
    return rows.map((row) => ({
      treeSize: BigInt(String(row['tree_size'])),
      rootHash: String(row['root_hash']),
      chainHash: String(row['chain_hash']),
      previousKeyId: String(row['previous_key_id']),
      keyId: String(row['key_id']),
      publicKeyPem: String(row['public_key_pem']),
      rotatedAt: String(row['rotated_at']),
      signature: String(row['signature']),
    }));
  }

  async insertCheckpoint(manager: EntityManager, cp: SignedCheckpoint): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('checkpoints')} (tree_size, root_hash, chain_hash, issued_at, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [cp.treeSize.toString(), cp.rootHash, cp.chainHash, cp.issuedAt, cp.keyId, cp.signature],
    );
  }
}
