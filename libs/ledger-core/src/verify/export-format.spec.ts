import { createCheckpointSigner, generateSigningKeyPair } from '../checkpoint/checkpoint-signing';
import { GENESIS_CHAIN_HASH_HEX } from '../entry/hash-chain';
import { LedgerState } from '../ledger/ledger-state';
import { T0, depositDraft, event } from '../test-support/ledger-fixtures';
import {
  EXPORT_FORMAT,
  exportCheckpointRecord,
  exportEntryRecord,
  exportHeaderRecord,
  exportLine,
} from './export-format';

describe('export records', () => {
  const state = new LedgerState();
  const [appended] = state.applyBatch([event('dep-1', [depositDraft('CITY', 1000n)])]).appended;
  const signer = createCheckpointSigner(generateSigningKeyPair().privateKeyPem);
  const checkpoint = state.checkpoint(signer, T0);

  it('writes a header naming the format and the genesis', () => {
    expect(exportHeaderRecord()).toEqual({
      type: 'header',
      format: EXPORT_FORMAT,
      genesisChainHash: GENESIS_CHAIN_HASH_HEX,
    });
    expect(exportHeaderRecord(T0)).toMatchObject({ exportedAt: T0 });
  });

  it('writes an entry with its fields, its canonical bytes in base64 and its hashes', () => {
    if (appended === undefined) {
      throw new Error('nothing appended');
    }
    const record = exportEntryRecord(appended);
    expect(record).toMatchObject({ type: 'entry', seq: '1', eventId: 'dep-1', kind: 'POST' });
    expect(Buffer.from(record.canonical, 'base64')).toEqual(appended.canonical);
    expect(record.leafHash).toBe(appended.leafHash.toString('hex'));
    expect(record.chainHash).toBe(appended.chainHash.toString('hex'));
    expect(record.postings[0]).toEqual({
      account: 'fund:CITY:contributions',
      side: 'DEBIT',
      amountFen: '1000',
    });
  });

  it('writes a checkpoint with an optional consistency proof, one JSON object per line', () => {
    const record = exportCheckpointRecord(checkpoint, [Buffer.alloc(32, 1)]);
    expect(record).toMatchObject({
      type: 'checkpoint',
      treeSize: '1',
      keyId: signer.keyId,
      consistencyProof: ['01'.repeat(32)],
    });
    expect(exportCheckpointRecord(checkpoint)).not.toHaveProperty('consistencyProof');
    const line = exportLine(record);
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual(record);
  });
});
