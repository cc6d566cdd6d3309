import { createHash, KeyObject, randomUUID, sign, verify } from 'node:crypto';

/**
 * The identity vouched for on every request a service receives (ADR 0013, superseding the
 * identity part of ADR 0004). The gateway signs it with its Ed25519 PRIVATE key, bound to one
 * request: the target service, method, path and query, and the SHA-256 of the body, with an issue
 * time and a unique id. Services hold only PUBLIC keys, so a service (or whoever reads its
 * settings) cannot sign anything; a captured header is good for that one request, to that one
 * service, once, for a short window.
 *
 * Service-to-service calls carry an identity of their own issuer (the ledger's key) whose only
 * role is a narrow service role, never `admin`.
 */
export type Role = 'admin' | 'bank' | 'fund-manager' | 'regulator' | 'cosharer';
/** A service calling another; each is allowed only on the routes made for it. */
export type ServiceRole = 'service:ledger';
export type CallerRole = Role | ServiceRole;

export interface Identity {
  readonly role: CallerRole;
  /** bankId for `bank`, fundId for `fund-manager`, partyId for `cosharer`, null otherwise. */
  readonly scope: string | null;
  readonly keyId: string;
  /** The one business clock (YYYY-MM-DD), as the gateway holds it. */
  readonly businessDate: string;
  readonly requestId: string;
}

/** The request an identity is good for. `path` is the path and query exactly as sent. */
export interface RequestBinding {
  /** The service the request is for (`loan-registry`, `ledger`, ...). */
  readonly target: string;
  readonly method: string;
  readonly path: string;
  /** The body's bytes as sent; none for an empty body. */
  readonly body?: Uint8Array | string | undefined;
}

/** Who signs, with which private key: `gateway` for users' requests, a service for its own calls. */
export interface IdentitySigner {
  readonly issuer: string;
  readonly privateKey: KeyObject;
}

/** A public key a service accepts, and the only roles that issuer may vouch for. */
export interface TrustedIssuer {
  readonly issuer: string;
  readonly publicKey: KeyObject;
  readonly roles: readonly CallerRole[];
}

export const IDENTITY_HEADER = 'x-riskpool-identity';
export const IDENTITY_SIGNATURE_HEADER = 'x-riskpool-identity-signature';
/** How old an identity may be when it arrives... */
export const IDENTITY_MAX_AGE_MS = 30_000;
/** ...and how far ahead of the receiver's clock (clocks of two hosts differ a little). */
export const IDENTITY_MAX_SKEW_MS = 5_000;
export const IDENTITY_VERSION = 2;

export const USER_ROLES: readonly Role[] = [
  'admin',
  'bank',
  'fund-manager',
  'regulator',
  // docs/domain.md §8.4: a guarantor, insurer or valuer; reads the claims it shares in.
  'cosharer',
];

/** The roles whose identity names one party (bank, fund, co-sharer): their scope. */
export const SCOPED_ROLES: readonly Role[] = ['bank', 'fund-manager', 'cosharer'];
export const SERVICE_ROLES: readonly ServiceRole[] = ['service:ledger'];
const CALLER_ROLES: readonly CallerRole[] = [...USER_ROLES, ...SERVICE_ROLES];

/** Everything the signature covers. */
interface IdentityClaims extends Identity {
  readonly v: number;
  readonly issuer: string;
  readonly target: string;
  readonly method: string;
  readonly path: string;
  readonly bodySha256: string;
  readonly issuedAtMs: number;
  /** Unique per signed request: a second arrival within the window is a replay. */
  readonly nonce: string;
}

export function principalOf(identity: Identity): string {
  return identity.scope === null ? identity.role : `${identity.role}:${identity.scope}`;
}

/** Hex SHA-256 of a body; an absent body hashes as empty. */
export function bodySha256(body: Uint8Array | string | undefined): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}

export function signIdentity(
  identity: Identity,
  request: RequestBinding,
  signer: IdentitySigner,
  options: { readonly nowMs?: number; readonly nonce?: string } = {},
): Record<string, string> {
  const claims: IdentityClaims = {
    v: IDENTITY_VERSION,
    issuer: signer.issuer,
    role: identity.role,
    scope: identity.scope,
    keyId: identity.keyId,
    businessDate: identity.businessDate,
    requestId: identity.requestId,
    target: request.target,
    method: request.method.toUpperCase(),
    path: request.path,
    bodySha256: bodySha256(request.body),
    issuedAtMs: options.nowMs ?? Date.now(),
    nonce: options.nonce ?? randomUUID(),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign(null, Buffer.from(payload), signer.privateKey).toString('base64url');
  return { [IDENTITY_HEADER]: payload, [IDENTITY_SIGNATURE_HEADER]: signature };
}

export type IdentityCheck =
  | {
      readonly ok: true;
      readonly identity: Identity;
      readonly issuer: string;
      readonly nonce: string;
      readonly issuedAtMs: number;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks the signature against the trusted issuers, then every bound field against the request
 * as received. Replay (the same nonce twice) is the caller's to refuse: it needs memory.
 */
export function verifyIdentity(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  received: RequestBinding,
  issuers: readonly TrustedIssuer[],
  nowMs: number = Date.now(),
): IdentityCheck {
  const payload = headers[IDENTITY_HEADER];
  const signature = headers[IDENTITY_SIGNATURE_HEADER];
  if (typeof payload !== 'string' || typeof signature !== 'string')
    return { ok: false, reason: 'no gateway identity' };
  let claims: Partial<IdentityClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { ok: false, reason: 'unreadable identity' };
  }
  if (typeof claims !== 'object' || claims === null)
    return { ok: false, reason: 'unreadable identity' };
  const issuer = issuers.find((candidate) => candidate.issuer === claims.issuer);
  if (issuer === undefined) return { ok: false, reason: 'unknown issuer' };
  if (!signatureHolds(payload, signature, issuer.publicKey))
    return { ok: false, reason: 'bad identity signature' };
  if (claims.v !== IDENTITY_VERSION) return { ok: false, reason: 'unknown identity version' };
  if (!CALLER_ROLES.includes(claims.role as CallerRole))
    return { ok: false, reason: 'unknown role' };
  if (!issuer.roles.includes(claims.role as CallerRole))
    return {
      ok: false,
      reason: `issuer ${issuer.issuer} may not vouch for ${String(claims.role)}`,
    };
  if (
    typeof claims.issuedAtMs !== 'number' ||
    nowMs - claims.issuedAtMs > IDENTITY_MAX_AGE_MS ||
    claims.issuedAtMs - nowMs > IDENTITY_MAX_SKEW_MS
  )
    return { ok: false, reason: 'identity expired' };
  if (claims.target !== received.target)
    return { ok: false, reason: `identity is for ${String(claims.target)}, not this service` };
  if (claims.method !== received.method.toUpperCase())
    return { ok: false, reason: 'identity is for another method' };
  if (claims.path !== received.path) return { ok: false, reason: 'identity is for another path' };
  if (claims.bodySha256 !== bodySha256(received.body))
    return { ok: false, reason: 'body does not match the identity' };
  if (typeof claims.nonce !== 'string' || claims.nonce.length < 16 || claims.nonce.length > 64)
    return { ok: false, reason: 'identity has no unique id' };
  if (
    typeof claims.keyId !== 'string' ||
    typeof claims.businessDate !== 'string' ||
    typeof claims.requestId !== 'string'
  )
    return { ok: false, reason: 'incomplete identity' };
  const scope = claims.scope ?? null;
  if (
    SCOPED_ROLES.includes(claims.role as Role) !== (typeof scope === 'string' && scope.length > 0)
  )
    return { ok: false, reason: 'scope does not fit the role' };
  return {
    ok: true,
    identity: {
      role: claims.role as CallerRole,
      scope,
      keyId: claims.keyId,
      businessDate: claims.businessDate,
      requestId: claims.requestId,
    },
    issuer: issuer.issuer,
    nonce: claims.nonce,
    issuedAtMs: claims.issuedAtMs,
  };
}

function signatureHolds(payload: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(payload), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
