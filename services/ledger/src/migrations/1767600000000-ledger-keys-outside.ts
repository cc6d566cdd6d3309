import { MigrationInterface } from 'typeorm';
import { appendOnlyTriggers, qualified, sqlMigration } from '@riskpool/db';

/**
 * The ledger's private key lives outside the database (README "Signing key"): the column that
 * held a generated one is dropped (public keys stay), and key rotations, each signed by the key
 * it retires, are kept append-only beside the checkpoints.
 */
export function ledgerKeysOutsideMigration(schema: string): new () => MigrationInterface {
  const t = (table: string) => qualified(schema, table);
  return sqlMigration('LedgerKeysOutside1767600000000', {
    up: [
      `ALTER TABLE ${t('signing_keys')} DROP COLUMN IF EXISTS private_key_pem`,
      `CREATE TABLE ${t('key_rotations')} (
        tree_size bigint NOT NULL CHECK (tree_size >= 1),
        root_hash text NOT NULL,
        chain_hash text NOT NULL,
        previous_key_id text NOT NULL UNIQUE,
        key_id text NOT NULL UNIQUE,
        public_key_pem text NOT NULL,
        rotated_at text NOT NULL,
        signature text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tree_size, key_id)
      )`,
      ...appendOnlyTriggers(t, ['key_rotations'], 'refuse_change'),
    ],
    down: [
      `DROP TABLE IF EXISTS ${t('key_rotations')}`,
      `ALTER TABLE ${t('signing_keys')} ADD COLUMN private_key_pem text`,
    ],
  });
}
