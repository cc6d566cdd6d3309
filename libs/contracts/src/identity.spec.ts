import { Identity, IDENTITY_HEADER, signIdentity, verifyIdentity } from './identity';

const bank: Identity = {
  role: 'bank',
  scope: 'B1',
  keyId: 'k1',
  businessDate: '2026-03-01',
  requestId: 'r1',
};
const secret = 'gateway-secret';

describe('gateway identity', () => {
  it('verifies what the gateway signed', () => {
    const headers = signIdentity(bank, secret, 1000);
    expect(verifyIdentity(headers, secret, 2000)).toEqual({ ok: true, identity: bank });
  });

  it('refuses a request without the gateway headers', () => {
    expect(verifyIdentity({}, secret)).toEqual({ ok: false, reason: 'no gateway identity' });
  });

  it('refuses a forged identity (another bank, same signature)', () => {
    const headers = signIdentity(bank, secret, 1000);
    const forged = Buffer.from(JSON.stringify({ ...bank, scope: 'B2', issuedAtMs: 1000 })).toString(
      'base64url',
    );
    expect(verifyIdentity({ ...headers, [IDENTITY_HEADER]: forged }, secret, 1000)).toEqual({
      ok: false,
      reason: 'bad identity signature',
    });
  });

  it('refuses a header signed with another secret', () => {
    expect(verifyIdentity(signIdentity(bank, 'other', 1000), secret, 1000).ok).toBe(false);
  });

  it('refuses a replayed old header', () => {
    expect(verifyIdentity(signIdentity(bank, secret, 0), secret, 120_000)).toEqual({
      ok: false,
      reason: 'identity expired',
    });
  });

  it('refuses a bank identity without a scope', () => {
    expect(verifyIdentity(signIdentity({ ...bank, scope: null }, secret, 0), secret, 0)).toEqual({
      ok: false,
      reason: 'scope does not fit the role',
    });
  });
});
