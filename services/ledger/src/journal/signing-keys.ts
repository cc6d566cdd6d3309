import { DataSource } from 'typeorm';
import { qualified } from '@riskpool/db';
import {
  type CheckpointSigner,
  type KeyRotation,
  type LedgerState,
  type SignedCheckpoint,
  signKeyRotation,
} from '@riskpool/ledger-core';
import { type SigningKeys, keyDecision } from '../keys/signing-key-source';
import type { Checkpoints } from './checkpoints';
import type { JournalRepository } from './journal.repository';

export interface SigningKeyOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly repo: JournalRepository;
  /** From outside the database (keys/signing-key-source.ts). */
  readonly keys: SigningKeys;
  readonly logger?: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
}

/** The checkpoint signing keys the journal knows: which is in force, the rotations, the store. */
export class SigningKeyBook {
  constructor(private readonly options: SigningKeyOptions) {}

  private t(table: string): string {
    return qualified(this.options.schema, table);
  }

  /**
   * The key in force in the journal (the last rotation's, else its checkpoints'), compared with the
   * configured one: the same (or an empty journal) goes on; the configured previous key being the
   * one in force rotates; anything else refuses to start, so no one can swap keys by restarting.
   */
  async settle(
    state: LedgerState,
    checkpoints: Checkpoints,
    beforeWrite: () => void,
  ): Promise<CheckpointSigner> {
    const { keys, logger } = this.options;
    for (const warning of keys.warnings) logger?.warn(warning);
    const current = await this.keyInForce(checkpoints.latest?.keyId);
    if (keyDecision(current, keys) === 'rotate' && keys.previous !== undefined)
      await this.rotate(state, checkpoints, keys.previous, keys.signer, beforeWrite);
    await this.options.dataSource.query(
      `INSERT INTO ${this.t('signing_keys')} (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING`,
      [keys.signer.keyId, keys.signer.publicKeyPem],
    );
    logger?.info(
      `checkpoint signing key ${keys.signer.keyId}: the id regulators pin (verify --key-id)`,
      { keyId: keys.signer.keyId },
    );
    return keys.signer;
  }

  private async keyInForce(checkpointKeyId: string | undefined): Promise<string | undefined> {
    const rotations = (await this.options.dataSource.query(
      `SELECT key_id FROM ${this.t('key_rotations')} ORDER BY tree_size::bigint DESC, recorded_at DESC LIMIT 1`,
    )) as Array<{ key_id: string }>;
    return rotations[0]?.key_id ?? checkpointKeyId;
  }

  /**
   * Signs, with the retiring key, a checkpoint of the journal as it stands (unless the last one
   * is of this size) and the announcement of the new key at that size; one transaction.
   */
  private async rotate(
    state: LedgerState,
    checkpoints: Checkpoints,
    previous: CheckpointSigner,
    next: CheckpointSigner,
    beforeWrite: () => void,
  ): Promise<void> {
    beforeWrite();
    const now = new Date().toISOString();
    const last = checkpoints.latest;
    const cp =
      last !== undefined && last.treeSize === state.size
        ? undefined
        : state.checkpoint(previous, now);
    const at = cp ?? (last as SignedCheckpoint);
    const rotation = signKeyRotation({ ...at, rotatedAt: now }, previous, next.publicKeyPem);
    await this.options.dataSource.transaction(async (manager) => {
      if (cp !== undefined) await checkpoints.record(manager, cp);
      await this.options.repo.insertKeyRotation(manager, rotation);
    });
    if (cp !== undefined) checkpoints.note(cp);
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
  keyRotations(): Promise<KeyRotation[]> {
    return this.options.repo.keyRotations(this.options.dataSource.manager);
  }
}
