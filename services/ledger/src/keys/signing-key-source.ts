import { readFileSync, statSync } from 'node:fs';
import { type CheckpointSigner, createCheckpointSigner } from '@riskpool/ledger-core';

/** Where the ledger's checkpoint signing keys come from: never the database (README "Signing key"). */
export interface SigningKeySettings {
  /** Path of the Ed25519 private key, PKCS#8 PEM. */
  readonly LEDGER_SIGNING_KEY_FILE: string;
  /** The same key as PEM text (a secret store's environment variable; `\n` escapes allowed). */
  readonly LEDGER_SIGNING_KEY_PEM: string;
  /** The key in force until now, given once to sign the rotation to the key above. */
  readonly LEDGER_PREVIOUS_SIGNING_KEY_FILE: string;
}

export interface SigningKeys {
  readonly signer: CheckpointSigner;
  /** Present only when a rotation was asked for. */
  readonly previous?: CheckpointSigner;
  /** Things the operator should know (e.g. a key file others can read). */
  readonly warnings: readonly string[];
}

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

function fromFile(setting: string, file: string, warnings: string[]): CheckpointSigner {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SigningKeyError(`${setting}: cannot read ${file}: ${String(error)}`);
  }
  // A private key others may read is a key others may sign with; say so, but some secret
  // mounts cannot be made 0600.
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    warnings.push(`${setting}: ${file} has mode ${mode.toString(8)}; 600 keeps it to its owner`);
  return signerOf(setting, pem);
}

function signerOf(setting: string, pem: string): CheckpointSigner {
  try {
    return createCheckpointSigner(pem.replace(/\\n/g, '\n'));
  } catch (error) {
    throw new SigningKeyError(
      `${setting}: not an Ed25519 private key in PKCS#8 PEM (${String(error)})`,
    );
  }
}

/**
 * Loads the signing key from the file (preferred) or the PEM variable, and the previous key when a
 * rotation is asked for. Throws, naming the setting, when there is none or it cannot be used:
 * the ledger has no other source of keys.
 */
export function loadSigningKeys(settings: SigningKeySettings): SigningKeys {
  const warnings: string[] = [];
  const file = settings.LEDGER_SIGNING_KEY_FILE.trim();
  const pem = settings.LEDGER_SIGNING_KEY_PEM.trim();
  if (file !== '' && pem !== '')
    throw new SigningKeyError('set LEDGER_SIGNING_KEY_FILE or LEDGER_SIGNING_KEY_PEM, not both');
  if (file === '' && pem === '')
    throw new SigningKeyError(
      'no checkpoint signing key: set LEDGER_SIGNING_KEY_FILE to an Ed25519 PKCS#8 PEM file ' +
        '(e.g. `openssl genpkey -algorithm ed25519 -out ledger-key.pem`) or LEDGER_SIGNING_KEY_PEM',
    );
  const signer =
    file !== ''
      ? fromFile('LEDGER_SIGNING_KEY_FILE', file, warnings)
      : signerOf('LEDGER_SIGNING_KEY_PEM', pem);
  const previousFile = settings.LEDGER_PREVIOUS_SIGNING_KEY_FILE.trim();
  if (previousFile === '') return { signer, warnings };
  const previous = fromFile('LEDGER_PREVIOUS_SIGNING_KEY_FILE', previousFile, warnings);
  if (previous.keyId === signer.keyId)
    throw new SigningKeyError(
      'LEDGER_PREVIOUS_SIGNING_KEY_FILE is the signing key itself; give the key being retired',
    );
  return { signer, previous, warnings };
}

/**
 * What to do with the journal's key in force (`current`: the last rotation's key, else the key
 * of its checkpoints, else none): go on, rotate from `previous` to `signer`, or refuse.
 */
export function keyDecision(
  current: string | undefined,
  keys: Pick<SigningKeys, 'signer' | 'previous'>,
): 'use' | 'rotate' {
  if (current === undefined || current === keys.signer.keyId) return 'use';
  if (keys.previous?.keyId === current) return 'rotate';
  throw new SigningKeyError(
    `the signing key ${keys.signer.keyId} is not the key in force in the journal (${current}): ` +
      'to rotate, give the key in force as LEDGER_PREVIOUS_SIGNING_KEY_FILE' +
      (keys.previous !== undefined ? ` (the one given is ${keys.previous.keyId})` : ''),
  );
}
