import { generateKeyPairSync } from 'node:crypto';
import {
  bodySha256,
  Identity,
  IDENTITY_HEADER,
  IDENTITY_MAX_AGE_MS,
  IDENTITY_SIGNATURE_HEADER,
  RequestBinding,
  signIdentity,
  TrustedIssuer,
  USER_ROLES,
  SERVICE_ROLES,
  verifyIdentity,
} from './identity';

const bank: Identity = {
  role: 'bank',
  scope: 'B1',
  keyId: 'k1',
  businessDate: '2026-03-01',
  requestId: 'r1',
};
const gatewayKeys = generateKeyPairSync('ed25519');
const ledgerKeys = generateKeyPairSync('ed25519');
const gateway = { issuer: 'gateway', privateKey: gatewayKeys.privateKey };
const ledger = { issuer: 'ledger', privateKey: ledgerKeys.privateKey };
const trusted: TrustedIssuer[] = [
  { issuer: 'gateway', publicKey: gatewayKeys.publicKey, roles: USER_ROLES },
  { issuer: 'ledger', publicKey: ledgerKeys.publicKey, roles: SERVICE_ROLES },
];
const post: RequestBinding = {
  target: 'loan-registry',
  method: 'POST',
  path: '/loans?dryRun=false',
  body: '{"principalFen":"100"}',
};
const at = 1_000_000;

function check(headers: Record<string, string>, received: RequestBinding = post, nowMs = at) {
  return verifyIdentity(headers, received, trusted, nowMs);
}

describe('per-request gateway identity', () => {
  it('verifies what the gateway signed for exactly this request', () => {
    const checked = check(signIdentity(bank, post, gateway, { nowMs: at, nonce: 'n'.repeat(36) }));
    expect(checked).toEqual({
      ok: true,
      identity: bank,
      issuer: 'gateway',
      nonce: 'n'.repeat(36),
      issuedAtMs: at,
    });
  });

  it('gives every signed request its own unique id', () => {
    const a = check(signIdentity(bank, post, gateway, { nowMs: at }));
    const b = check(signIdentity(bank, post, gateway, { nowMs: at }));
    expect(a.ok && b.ok && a.nonce !== b.nonce).toBe(true);
  });

  it('refuses a request without the identity headers', () => {
    expect(check({})).toEqual({ ok: false, reason: 'no gateway identity' });
  });

  it('refuses an identity whose claims were changed after signing (a forged role)', () => {
    const headers = signIdentity(bank, post, gateway, { nowMs: at });
    const claims = JSON.parse(
      Buffer.from(headers[IDENTITY_HEADER] as string, 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin', scope: null })).toString(
      'base64url',
    );
    expect(check({ ...headers, [IDENTITY_HEADER]: forged })).toEqual({
      ok: false,
      reason: 'bad identity signature',
    });
  });

  it('refuses an identity signed with another key under the gateway name', () => {
    const other = { issuer: 'gateway', privateKey: generateKeyPairSync('ed25519').privateKey };
    expect(check(signIdentity(bank, post, other, { nowMs: at }))).toEqual({
      ok: false,
      reason: 'bad identity signature',
    });
  });

  it('refuses a garbled signature and an unknown issuer', () => {
    const headers = signIdentity(bank, post, gateway, { nowMs: at });
    expect(check({ ...headers, [IDENTITY_SIGNATURE_HEADER]: 'AAAA' }).ok).toBe(false);
    const stranger = { issuer: 'stranger', privateKey: gatewayKeys.privateKey };
    expect(check(signIdentity(bank, post, stranger, { nowMs: at }))).toEqual({
      ok: false,
      reason: 'unknown issuer',
    });
  });

  it('refuses an identity addressed to another service', () => {
    const headers = signIdentity(bank, { ...post, target: 'settlement' }, gateway, { nowMs: at });
    expect(check(headers)).toEqual({
      ok: false,
      reason: 'identity is for settlement, not this service',
    });
  });

  it('refuses an identity for another method, path or query', () => {
    const headers = signIdentity(bank, post, gateway, { nowMs: at });
    expect(check(headers, { ...post, method: 'PUT' })).toMatchObject({ ok: false });
    expect(check(headers, { ...post, path: '/loans' })).toEqual({
      ok: false,
      reason: 'identity is for another path',
    });
    expect(check(headers, { ...post, path: '/loans?dryRun=true' }).ok).toBe(false);
  });

  it('refuses a swapped body, and an added or removed one', () => {
    const headers = signIdentity(bank, post, gateway, { nowMs: at });
    const refused = { ok: false, reason: 'body does not match the identity' };
    expect(check(headers, { ...post, body: '{"principalFen":"999"}' })).toEqual(refused);
    expect(check(headers, { ...post, body: undefined })).toEqual(refused);
    const get = { target: 'ledger', method: 'GET', path: '/ledger/entries' };
    expect(check(signIdentity(bank, get, gateway, { nowMs: at }), { ...get, body: 'x' })).toEqual(
      refused,
    );
  });

  it('hashes an absent body as an empty one', () => {
    expect(bodySha256(undefined)).toBe(bodySha256(''));
    expect(bodySha256(Buffer.from('abc'))).toBe(bodySha256('abc'));
  });

  it('refuses an identity older than the window or from the future', () => {
    const headers = signIdentity(bank, post, gateway, { nowMs: at });
    expect(check(headers, post, at + IDENTITY_MAX_AGE_MS)).toMatchObject({ ok: true });
    expect(check(headers, post, at + IDENTITY_MAX_AGE_MS + 1)).toEqual({
      ok: false,
      reason: 'identity expired',
    });
    expect(check(headers, post, at - 60_000)).toEqual({ ok: false, reason: 'identity expired' });
  });

  it('lets each issuer vouch only for its own roles', () => {
    const recon = { target: 'settlement', method: 'GET', path: '/totals' };
    const service: Identity = { ...bank, role: 'service:ledger', scope: null };
    expect(check(signIdentity(service, recon, ledger, { nowMs: at }), recon)).toMatchObject({
      ok: true,
      identity: { role: 'service:ledger' },
    });
    const admin: Identity = { ...bank, role: 'admin', scope: null };
    expect(check(signIdentity(admin, recon, ledger, { nowMs: at }), recon)).toEqual({
      ok: false,
      reason: 'issuer ledger may not vouch for admin',
    });
    expect(check(signIdentity(service, recon, gateway, { nowMs: at }), recon)).toEqual({
      ok: false,
      reason: 'issuer gateway may not vouch for service:ledger',
    });
  });

  it('refuses a bank identity without a scope', () => {
    expect(check(signIdentity({ ...bank, scope: null }, post, gateway, { nowMs: at }))).toEqual({
      ok: false,
      reason: 'scope does not fit the role',
    });
  });
  it('takes a co-sharer identity with its party as scope, and refuses one without (docs/domain.md §8.4)', () => {
    const guarantor: Identity = { ...bank, role: 'cosharer', scope: 'G-ZSGUAR' };
    const checked = check(signIdentity(guarantor, post, gateway, { nowMs: at }));
    expect(checked.ok && checked.identity).toEqual(guarantor);
    expect(
      check(signIdentity({ ...guarantor, scope: null }, post, gateway, { nowMs: at })),
    ).toEqual({ ok: false, reason: 'scope does not fit the role' });
    expect(
      check(
        signIdentity({ ...bank, role: 'regulator', scope: 'G-ZSGUAR' }, post, gateway, {
          nowMs: at,
        }),
      ),
    ).toEqual({ ok: false, reason: 'scope does not fit the role' });
  });
});
