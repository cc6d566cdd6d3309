import {
  type SignedCheckpoint,
  CheckpointFormatError,
  canonicalCheckpointBytes,
  canonicalCheckpointJson,
  checkpointFromJson,
  checkpointToJson,
} from './checkpoint';

const checkpoint: SignedCheckpoint = {
  treeSize: 2n,
  rootHash: 'acce19dd0714565e6d096e4175e45bfcf8d7812063498384776d24dd0c43fc15',
  chainHash: 'b0a9b1b6cc775da5b3451fcd823ad66ed451fe4db7c90a733b19b89ddb63060a',
  issuedAt: '2026-03-02T09:30:01.000Z',
  keyId: '0123456789abcdef0123456789abcdef',
  signature: `${'A'.repeat(86)}==`,
};

describe('checkpoint encoding', () => {
  it('signs the canonical JSON of its five fields, keys sorted', () => {
    expect(canonicalCheckpointJson(checkpoint)).toBe(
      '{"chainHash":"b0a9b1b6cc775da5b3451fcd823ad66ed451fe4db7c90a733b19b89ddb63060a",' +
        '"issuedAt":"2026-03-02T09:30:01.000Z","keyId":"0123456789abcdef0123456789abcdef",' +
        '"rootHash":"acce19dd0714565e6d096e4175e45bfcf8d7812063498384776d24dd0c43fc15","treeSize":"2"}',
    );
    expect(canonicalCheckpointBytes(checkpoint).toString('utf8')).toBe(
      canonicalCheckpointJson(checkpoint),
    );
  });

  it('round-trips through JSON', () => {
    const json = JSON.parse(JSON.stringify(checkpointToJson(checkpoint))) as unknown;
    expect(checkpointFromJson(json)).toEqual(checkpoint);
  });

  it.each([
    ['treeSize', { treeSize: 2 }],
    ['treeSize', { treeSize: '-1' }],
    ['rootHash', { rootHash: 'zz' }],
    ['chainHash', { chainHash: 5 }],
    ['issuedAt', { issuedAt: 'yesterday' }],
    ['keyId', { keyId: 'ABC' }],
    ['signature', { signature: 'c2ln' }],
    ['extra', { extra: true }],
  ])('refuses a bad %s', (field, patch) => {
    const json = { ...checkpointToJson(checkpoint), ...patch };
    expect(() => checkpointFromJson(json)).toThrow(CheckpointFormatError);
    expect(() => checkpointFromJson(json)).toThrow(field);
  });

  it('refuses to encode a malformed checkpoint', () => {
    expect(() => canonicalCheckpointJson({ ...checkpoint, treeSize: -1n })).toThrow(
      CheckpointFormatError,
    );
    expect(() => checkpointToJson({ ...checkpoint, keyId: 'x' })).toThrow(CheckpointFormatError);
    expect(() => checkpointFromJson('x')).toThrow(CheckpointFormatError);
  });
});
