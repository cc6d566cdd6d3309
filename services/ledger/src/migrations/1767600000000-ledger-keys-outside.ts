import { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified } from '@riskpool/db';

/**
 * The ledger's private key lives outside the database (README "Signing key"): the column that
 * held a generated one is dropped (public keys stay), and key rotations, each signed by the key
 * it retires, are kept append-only beside the checkpoints.
 */
export function ledgerKeysOutsideMigration(schema: string): new () => MigrationInterface {
  const t = (table: string) => qualified(schema, table);
  return class LedgerKeysOutside1767600000000 implements MigrationInterface {
    name = 'LedgerKeysOutside1767600000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${t('signing_keys')} DROP COLUMN IF EXISTS private_key_pem`);
      await runner.query(`CREATE TABLE ${t('key_rotations')} (
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
      )`);
      await runner.query(`CREATE TRIGGER append_only_row BEFORE UPDATE OR DELETE ON ${t('key_rotations')}
        FOR EACH ROW EXECUTE FUNCTION ${t('refuse_change')}()`);
      await runner.query(`CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON ${t('key_rotations')}
        FOR EACH STATEMENT EXECUTE FUNCTION ${t('refuse_change')}()`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE IF EXISTS ${t('key_rotations')}`);
      await runner.query(`ALTER TABLE ${t('signing_keys')} ADD COLUMN private_key_pem text`);
    }
  };
}
