import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@riskpool/ledger-core';
import { keyDecision, loadSigningKeys } from './signing-key-source';

const dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
const a = generateSigningKeyPair();
const b = generateSigningKeyPair();
const fileA = join(dir, 'a.pem');
const fileB = join(dir, 'b.pem');
writeFileSync(fileA, a.privateKeyPem, { mode: 0o600 });
writeFileSync(fileB, b.privateKeyPem, { mode: 0o600 });
const none = {
  LEDGER_SIGNING_KEY_FILE: '',
  LEDGER_SIGNING_KEY_PEM: '',
  LEDGER_PREVIOUS_SIGNING_KEY_FILE: '',
};

describe('loadSigningKeys', () => {
  it('refuses to go on without a key, naming the settings', () => {
    expect(() => loadSigningKeys(none)).toThrow(/LEDGER_SIGNING_KEY_FILE.*LEDGER_SIGNING_KEY_PEM/);
  });

  it('reads the key from a file or from the PEM variable', () => {
    expect(loadSigningKeys({ ...none, LEDGER_SIGNING_KEY_FILE: fileA }).signer.keyId).toBe(a.keyId);
    const escaped = a.privateKeyPem.replace(/\n/g, '\\n');
    expect(loadSigningKeys({ ...none, LEDGER_SIGNING_KEY_PEM: escaped }).signer.keyId).toBe(
      a.keyId,
    );
  });

  it('refuses a missing file, a public key, both sources, and a rotation to itself', () => {
    expect(() =>
      loadSigningKeys({ ...none, LEDGER_SIGNING_KEY_FILE: join(dir, 'missing.pem') }),
    ).toThrow(/LEDGER_SIGNING_KEY_FILE: cannot read/);
    expect(() => loadSigningKeys({ ...none, LEDGER_SIGNING_KEY_PEM: a.publicKeyPem })).toThrow(
      /not an Ed25519 private key/,
    );
    expect(() =>
      loadSigningKeys({
        ...none,
        LEDGER_SIGNING_KEY_FILE: fileA,
        LEDGER_SIGNING_KEY_PEM: a.privateKeyPem,
      }),
    ).toThrow(/not both/);
    expect(() =>
      loadSigningKeys({
        ...none,
        LEDGER_SIGNING_KEY_FILE: fileA,
        LEDGER_PREVIOUS_SIGNING_KEY_FILE: fileA,
      }),
    ).toThrow(/the signing key itself/);
  });

  it('warns about a key file others can read', () => {
    const open = join(dir, 'open.pem');
    writeFileSync(open, a.privateKeyPem);
    chmodSync(open, 0o644);
    expect(loadSigningKeys({ ...none, LEDGER_SIGNING_KEY_FILE: open }).warnings).toEqual([
      expect.stringContaining('mode 644'),
    ]);
    expect(loadSigningKeys({ ...none, LEDGER_SIGNING_KEY_FILE: fileA }).warnings).toEqual([]);
  });
});

describe('keyDecision', () => {
  const keys = loadSigningKeys({
    ...none,
    LEDGER_SIGNING_KEY_FILE: fileB,
    LEDGER_PREVIOUS_SIGNING_KEY_FILE: fileA,
  });
  it('uses the key on an empty journal or when it is the key in force', () => {
    expect(keyDecision(undefined, keys)).toBe('use');
    expect(keyDecision(b.keyId, keys)).toBe('use');
  });
  it('rotates when the previous key is the key in force', () => {
    expect(keyDecision(a.keyId, keys)).toBe('rotate');
  });
  it('refuses any other key in force', () => {
    const c = generateSigningKeyPair();
    expect(() => keyDecision(c.keyId, keys)).toThrow(/not the key in force/);
    expect(() => keyDecision(a.keyId, { signer: keys.signer })).toThrow(
      /LEDGER_PREVIOUS_SIGNING_KEY_FILE/,
    );
  });
});
