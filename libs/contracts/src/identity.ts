import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The identity the gateway vouches for on every request it forwards. Services trust only a
 * header signed with the shared gateway secret (HMAC-SHA256) and recent enough, so a request
 * that skips the gateway, or replays an old header, is refused.
 */
export type Role = 'admin' | 'bank' | 'fund-manager' | 'regulator';

export interface Identity {
  readonly role: Role;
  /** bankId for `bank`, fundId for `fund-manager`, null for `admin` and `regulator`. */
  readonly scope: string | null;
  readonly keyId: string;
  /** The one business clock (YYYY-MM-DD), as the gateway holds it. */
  readonly businessDate: string;
  readonly requestId: string;
}

export const IDENTITY_HEADER = 'x-riskpool-identity';
export const IDENTITY_SIGNATURE_HEADER = 'x-riskpool-identity-signature';
export const IDENTITY_MAX_AGE_MS = 60_000;

const ROLES: readonly Role[] = ['admin', 'bank', 'fund-manager', 'regulator'];

export function principalOf(identity: Identity): string {
  return identity.scope === null ? identity.role : `${identity.role}:${identity.scope}`;
}

function hmac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export function signIdentity(
  identity: Identity,
  secret: string,
  nowMs: number = Date.now(),
): Record<string, string> {
  const payload = Buffer.from(JSON.stringify({ ...identity, issuedAtMs: nowMs })).toString(
    'base64url',
  );
  return { [IDENTITY_HEADER]: payload, [IDENTITY_SIGNATURE_HEADER]: hmac(secret, payload) };
}

export type IdentityCheck =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly reason: string };

export function verifyIdentity(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  secret: string,
  nowMs: number = Date.now(),
): IdentityCheck {
  const payload = headers[IDENTITY_HEADER];
  const signature = headers[IDENTITY_SIGNATURE_HEADER];
  if (typeof payload !== 'string' || typeof signature !== 'string')
    return { ok: false, reason: 'no gateway identity' };
  const expected = Buffer.from(hmac(secret, payload), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad identity signature' };
  let parsed: Partial<Identity> & { issuedAtMs?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, reason: 'unreadable identity' };
  }
  if (
    typeof parsed.issuedAtMs !== 'number' ||
    Math.abs(nowMs - parsed.issuedAtMs) > IDENTITY_MAX_AGE_MS
  ) {
    return { ok: false, reason: 'identity expired' };
  }
  if (!ROLES.includes(parsed.role as Role)) return { ok: false, reason: 'unknown role' };
  if (
    typeof parsed.keyId !== 'string' ||
    typeof parsed.businessDate !== 'string' ||
    typeof parsed.requestId !== 'string'
  ) {
    return { ok: false, reason: 'incomplete identity' };
  }
  const scope = parsed.scope ?? null;
  if (
    (parsed.role === 'bank' || parsed.role === 'fund-manager') !==
    (typeof scope === 'string' && scope.length > 0)
  ) {
    return { ok: false, reason: 'scope does not fit the role' };
  }
  return {
    ok: true,
    identity: {
      role: parsed.role as Role,
      scope,
      keyId: parsed.keyId,
      businessDate: parsed.businessDate,
      requestId: parsed.requestId,
    },
  };
}
