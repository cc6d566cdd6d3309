import { DataSource, EntityManager } from 'typeorm';
import { createEvent, Topics } from '@riskpool/contracts';
import { appendToOutbox } from '@riskpool/db';
import type { CheckpointSigner, LedgerState, SignedCheckpoint } from '@riskpool/ledger-core';
import type { JournalRepository } from './journal.repository';
import { ledgerMetrics } from './ledger-metrics';

export interface CheckpointsOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly repo: JournalRepository;
  /** Sign when this many entries follow the last checkpoint... */
  readonly every: number;
  /** ...or when this many seconds have passed (the writer's timer asks). */
  readonly seconds: number;
}

/** The journal's signed checkpoints: when one is due, signing it, its row and its event. */
export class Checkpoints {
  private last: SignedCheckpoint | undefined;
  private lastAt = Date.now();
  /** Checkpoints signed by this writer. */
  signed = 0;

  constructor(private readonly options: CheckpointsOptions) {}

  get latest(): SignedCheckpoint | undefined {
    return this.last;
  }

  /** The last checkpoint stored, read back when the writer starts. */
  load(cp: SignedCheckpoint | undefined): void {
    this.last = cp;
  }

  /** True when the time since the last checkpoint calls for one. */
  get dueByTime(): boolean {
    return Date.now() - this.lastAt >= this.options.seconds * 1000;
  }

  /**
   * Signs a checkpoint of `state` when entries follow the last one and it is due (`force`: whenever
   * entries follow it). `beforeWrite` refuses when the writer may no longer write.
   */
  async ifDue(
    state: LedgerState,
    signer: () => CheckpointSigner,
    force: boolean,
    beforeWrite: () => void,
  ): Promise<SignedCheckpoint | undefined> {
    const last = this.last?.treeSize ?? 0n;
    const size = state.size;
    if (size === last || size === 0n) {
      if (force) this.lastAt = Date.now();
      return undefined;
    }
    if (!force && size - last < BigInt(this.options.every)) return undefined;
    beforeWrite();
    const cp = state.checkpoint(signer(), new Date().toISOString());
    await this.options.dataSource.transaction((manager) => this.record(manager, cp));
    this.note(cp);
    return cp;
  }

  /** The checkpoint row and its ledger.checkpoint-signed.v1 (outbox), in the caller's transaction. */
  async record(manager: EntityManager, cp: SignedCheckpoint): Promise<void> {
    await this.options.repo.insertCheckpoint(manager, cp);
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

  /** A checkpoint committed: the latest from now on. */
  note(cp: SignedCheckpoint): void {
    this.last = cp;
    this.lastAt = Date.now();
    ledgerMetrics.checkpoints().inc();
    this.signed++;
  }
}
