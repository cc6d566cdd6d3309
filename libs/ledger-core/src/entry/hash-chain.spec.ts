import { createHash } from 'node:crypto';
import { GENESIS_CHAIN_HASH, GENESIS_CHAIN_HASH_HEX, nextChainHash } from './hash-chain';

describe('hash chain', () => {
  it('starts from SHA-256("riskpool-ledger-chain/v1")', () => {
    expect(GENESIS_CHAIN_HASH_HEX).toBe(
      createHash('sha256').update('riskpool-ledger-chain/v1', 'ascii').digest('hex'),
    );
    expect(GENESIS_CHAIN_HASH_HEX).toBe(
      'd69293e94ee26fcf315b2d2ea3e9970ab5300d84f77719eb7f268297a7c1fe54',
    );
  });

  it('hashes previous ‖ leaf', () => {
    const leaf = Buffer.alloc(32, 7);
    expect(nextChainHash(GENESIS_CHAIN_HASH, leaf)).toEqual(
      createHash('sha256').update(GENESIS_CHAIN_HASH).update(leaf).digest(),
    );
    expect(() => nextChainHash(GENESIS_CHAIN_HASH, Buffer.alloc(31))).toThrow(RangeError);
  });
});
