import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { SERVICE_ROLES, TrustedIssuer, USER_ROLES } from '@riskpool/contracts';

/**
 * The Ed25519 keys of the per-request identities (ADR 0013). Each key comes from `<NAME>_PEM`
 * (PEM text; `\n` escapes allowed) or `<NAME>_FILE` (a path to a PEM file). Services hold only
 * public keys; the gateway alone holds the private key users' identities are signed with, and the
 * ledger its own for its reconciliation calls.
 */
export type PemSettings = Readonly<Record<string, unknown>>;

/** The PEM text of `<name>_PEM` or the file at `<name>_FILE`; undefined when neither is set. */
export function pemSetting(config: PemSettings, name: string): string | undefined {
  const inline = config[`${name}_PEM`];
  if (typeof inline === 'string' && inline.trim() !== '') return inline.replace(/\\n/g, '\n');
  const file = config[`${name}_FILE`];
  if (typeof file === 'string' && file.trim() !== '') return fs.readFileSync(file, 'utf8');
  return undefined;
}

export type KeyRead =
  | { readonly ok: true; readonly key: KeyObject | undefined }
  | { readonly ok: false; readonly problem: string };

/** An Ed25519 key from `<name>_PEM`/`<name>_FILE`, or the one problem that keeps it from use. */
export function readEd25519Key(
  config: PemSettings,
  name: string,
  kind: 'public' | 'private',
): KeyRead {
  let pem: string | undefined;
  try {
    pem = pemSetting(config, name);
  } catch (error) {
    return { ok: false, problem: `${name}_FILE cannot be read (${(error as Error).message})` };
  }
  if (pem === undefined) return { ok: true, key: undefined };
  // createPublicKey would accept a private key and derive its public half: refuse the text itself.
  if (kind === 'public' && /PRIVATE KEY/.test(pem))
    return {
      ok: false,
      problem: `${name} must be a public key (services never hold a private one)`,
    };
  try {
    const key = kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519')
      return { ok: false, problem: `${name} is not an Ed25519 ${kind} key` };
    return { ok: true, key };
  } catch {
    return { ok: false, problem: `${name} is not a PEM ${kind} key` };
  }
}

/** A key that must be there: its problems (missing, unreadable, wrong kind). */
export function requiredKeyProblems(
  config: PemSettings,
  name: string,
  kind: 'public' | 'private',
): string[] {
  const read = readEd25519Key(config, name, kind);
  if (!read.ok) return [read.problem];
  return read.key === undefined ? [`${name}_PEM (or ${name}_FILE) is not set`] : [];
}

/** A key that may be absent: only a present but unusable one is a problem. */
export function optionalKeyProblems(
  config: PemSettings,
  name: string,
  kind: 'public' | 'private',
): string[] {
  const read = readEd25519Key(config, name, kind);
  return read.ok ? [] : [read.problem];
}

export const GATEWAY_IDENTITY_PUBLIC_KEY = 'GATEWAY_IDENTITY_PUBLIC_KEY';
export const GATEWAY_IDENTITY_PRIVATE_KEY = 'GATEWAY_IDENTITY_PRIVATE_KEY';
export const LEDGER_IDENTITY_PUBLIC_KEY = 'LEDGER_IDENTITY_PUBLIC_KEY';
export const LEDGER_IDENTITY_PRIVATE_KEY = 'LEDGER_IDENTITY_PRIVATE_KEY';

function keyOf(
  config: PemSettings,
  name: string,
  kind: 'public' | 'private',
): KeyObject | undefined {
  const read = readEd25519Key(config, name, kind);
  if (!read.ok) throw new Error(read.problem);
  return read.key;
}

/**
 * Whom a service believes: the gateway for users' roles, and the ledger (when its public key is
 * set) for `service:ledger` only. The gateway itself passes its own key pair's public half.
 */
export function trustedIssuersOf(
  config: PemSettings,
  gatewayPublicKey?: KeyObject,
): TrustedIssuer[] {
  const gateway = gatewayPublicKey ?? keyOf(config, GATEWAY_IDENTITY_PUBLIC_KEY, 'public');
  if (gateway === undefined) throw new Error(`${GATEWAY_IDENTITY_PUBLIC_KEY}_PEM is not set`);
  const issuers: TrustedIssuer[] = [{ issuer: 'gateway', publicKey: gateway, roles: USER_ROLES }];
  const ledger = keyOf(config, LEDGER_IDENTITY_PUBLIC_KEY, 'public');
  if (ledger !== undefined)
    issuers.push({ issuer: 'ledger', publicKey: ledger, roles: SERVICE_ROLES });
  return issuers;
}

/** A private signing key that start-up checked is there. */
export function privateKeyOf(config: PemSettings, name: string): KeyObject {
  const key = keyOf(config, name, 'private');
  if (key === undefined) throw new Error(`${name}_PEM (or ${name}_FILE) is not set`);
  return key;
}
