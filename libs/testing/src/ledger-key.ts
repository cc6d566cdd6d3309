// A checkpoint signing key for a demo or test ledger: written to a file of the run (mode 600),
// never to the database (services/ledger README "Signing key").
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LedgerKeyFile {
  /** Path of the Ed25519 private key, PKCS#8 PEM: the ledger's LEDGER_SIGNING_KEY_FILE. */
  readonly file: string;
  /** First 16 bytes of SHA-256 over the public key's SPKI DER, hex: what readers pin. */
  readonly keyId: string;
  readonly publicKeyPem: string;
}

/** Creates `dir/<name>` with a fresh key unless it is there already (then reads it). */
export function ensureLedgerKeyFile(dir: string, name = 'ledger-signing-key.pem'): LedgerKeyFile {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  }
  fs.chmodSync(file, 0o600);
  const publicKey = createPublicKey(fs.readFileSync(file, 'utf8'));
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    file,
    keyId: createHash('sha256').update(der).digest().subarray(0, 16).toString('hex'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
