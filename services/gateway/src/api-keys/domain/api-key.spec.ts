import {
  bearerKeyOf,
  generateApiKey,
  hashApiKeySecret,
  parseApiKey,
  secretMatches,
} from './api-key';

describe('API keys', () => {
  it('generates rpk_<id>_<secret> keys that parse back to their id and secret', () => {
    const generated = generateApiKey();
    expect(generated.key).toMatch(/^rpk_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(generated.key)).toEqual({
      keyId: generated.keyId,
      secret: generated.secret,
    });
    expect(generateApiKey().keyId).not.toBe(generated.keyId);
  });

  it('splits at the first underscore after the id, so secrets may contain underscores', () => {
    expect(parseApiKey('rpk_admin_abc_def-ghi_jkl-mno_pqr-stu_vwx-yz0123')).toEqual({
      keyId: 'admin',
      secret: 'abc_def-ghi_jkl-mno_pqr-stu_vwx-yz0123',
    });
  });

  it.each([
    ['no prefix', 'abc_0123456789abcdef0123456789abcdef'],
    ['short secret', 'rpk_admin_short'],
    ['upper-case id', 'rpk_ADMIN_0123456789abcdef0123456789abcdef'],
    ['spaces', 'rpk_admin_0123456789abcdef 0123456789abcdef'],
    ['empty', ''],
  ])('refuses %s', (_label, key) => {
    expect(parseApiKey(key)).toBeUndefined();
  });

  it('reads Bearer keys only', () => {
    expect(bearerKeyOf('Bearer rpk_a_b')).toBe('rpk_a_b');
    expect(bearerKeyOf('bearer  rpk_a_b ')).toBe('rpk_a_b');
    expect(bearerKeyOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerKeyOf(undefined)).toBeUndefined();
    expect(bearerKeyOf(['Bearer x'])).toBeUndefined();
  });

  it('stores an HMAC that depends on the pepper, the id and the secret, never the secret', () => {
    const { keyId, secret } = generateApiKey();
    const hash = hashApiKeySecret('pepper-0123456789', keyId, secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret);
    expect(hashApiKeySecret('pepper-0123456789', keyId, secret)).toBe(hash);
    expect(hashApiKeySecret('other-pepper-0123', keyId, secret)).not.toBe(hash);
    expect(hashApiKeySecret('pepper-0123456789', 'otherid1', secret)).not.toBe(hash);
    expect(secretMatches('pepper-0123456789', { keyId, secret }, hash)).toBe(true);
    expect(secretMatches('pepper-0123456789', { keyId, secret: `${secret}x` }, hash)).toBe(false);
    expect(secretMatches('pepper-0123456789', { keyId, secret }, 'abcd')).toBe(false);
  });
});
