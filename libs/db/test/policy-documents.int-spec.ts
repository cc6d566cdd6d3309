// docs/adr/0021: stored policy documents of the domain's former wire form are renamed into THE
// wire form by each service's migration; documents already in it are left as they are.
import { MigrationInterface, QueryRunner } from 'typeorm';
import { openServiceDataSource } from '../src/data-source';
import { policyDocumentsWireFormMigration } from '../src/policy-documents.migration';
import { dropSchemaAfterAll, requiredDatabaseUrl } from './db-test-support';

const databaseUrl = requiredDatabaseUrl();
const SCHEMA = `policy_documents_${process.pid}`;

const former = {
  versionId: 'P-OLD',
  effectiveFrom: '2026-01-01',
  bonusBp: { IP_PLEDGE: 1500 },
  splitByTown: { TORCH: [{ fund: 'TOWN', weightBp: 10000 }] },
  maxRateBp: 5000,
};
const plain = { versionId: 'P-PLAIN', effectiveFrom: '2027-01-01', bonusBp: {}, maxRateBp: 5000 };
const current = { policyVersionId: 'P-NEW', effectiveFrom: '2028-01-01', bonusesBp: {} };

/** The table as a service had it, with one document of each kind. */
class PoliciesOfOld1700000000000 implements MigrationInterface {
  name = 'PoliciesOfOld1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "${SCHEMA}".policies (version_id text PRIMARY KEY, document jsonb NOT NULL)`,
    );
    for (const doc of [former, plain, current])
      await runner.query(`INSERT INTO "${SCHEMA}".policies VALUES ($1, $2::jsonb)`, [
        'versionId' in doc ? doc.versionId : doc.policyVersionId,
        JSON.stringify(doc),
      ]);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${SCHEMA}".policies`);
  }
}

dropSchemaAfterAll(databaseUrl, SCHEMA);

it('renames versionId, bonusBp and splitByTown, and undoes it', async () => {
  const migration = policyDocumentsWireFormMigration('TestPolicyWireForm1700000000001');
  const source = await openServiceDataSource({
    url: databaseUrl,
    schema: SCHEMA,
    entities: [],
    migrations: [PoliciesOfOld1700000000000, migration],
    poolSizeMax: 1,
  });
  const documents = async () =>
    (
      (await source.query(
        `SELECT document FROM "${SCHEMA}".policies ORDER BY version_id`,
      )) as Array<{ document: unknown }>
    ).map((r) => r.document);
  try {
    expect(await documents()).toEqual([
      current,
      {
        policyVersionId: 'P-OLD',
        effectiveFrom: '2026-01-01',
        bonusesBp: { IP_PLEDGE: 1500 },
        townSplitOverrides: { TORCH: [{ fund: 'TOWN', weightBp: 10000 }] },
        maxRateBp: 5000,
      },
      { policyVersionId: 'P-PLAIN', effectiveFrom: '2027-01-01', bonusesBp: {}, maxRateBp: 5000 },
    ]);
    const runner = source.createQueryRunner();
    try {
      await new migration().down(runner);
    } finally {
      await runner.release();
    }
    // Down turns every document back, including one that was in the wire form all along.
    expect(await documents()).toEqual([
      { versionId: 'P-NEW', effectiveFrom: '2028-01-01', bonusBp: {} },
      former,
      plain,
    ]);
  } finally {
    await source.destroy();
  }
});
