import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '@riskpool/service-kit';
import { LedgerConfig } from './ledger.config';

const SECRET = { GATEWAY_SHARED_SECRET: '9c1d27b8e4f60a1b2c3d4e5f60718f3a' };

describe('ledger configuration in production', () => {
  it('refuses to start without a signing key from outside the database', () => {
    expect(() => loadConfig(LedgerConfig, SECRET)).toThrow(/LEDGER_SIGNING_KEY_PEM .*is not set/);
  });

  it('starts with a PEM key', () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(loadConfig(LedgerConfig, { ...SECRET, LEDGER_SIGNING_KEY_PEM: pem }).RISKPOOL_MODE).toBe(
      'production',
    );
  });

  it('lets demo and test generate a key', () => {
    expect(
      loadConfig(LedgerConfig, { ...SECRET, RISKPOOL_MODE: 'test' }).LEDGER_SIGNING_KEY_PEM,
    ).toBe('');
  });
});
