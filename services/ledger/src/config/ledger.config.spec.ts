import { loadConfig } from '@riskpool/service-kit';
import { ed25519Pem, productionKafkaPrincipal } from '@riskpool/testing';
import { LedgerConfig } from './ledger.config';

const SECRET = {
  GATEWAY_IDENTITY_PUBLIC_KEY_PEM: ed25519Pem('public'),
  LEDGER_IDENTITY_PRIVATE_KEY_PEM: ed25519Pem('private'),
  ...productionKafkaPrincipal('ledger'),
};

describe('ledger configuration in production', () => {
  it('refuses to start without a signing key from outside the database', () => {
    expect(() => loadConfig(LedgerConfig, SECRET)).toThrow(/LEDGER_SIGNING_KEY_PEM .*is not set/);
  });

  it('starts with a PEM key', () => {
    const pem = ed25519Pem('private');
    expect(loadConfig(LedgerConfig, { ...SECRET, LEDGER_SIGNING_KEY_PEM: pem }).RISKPOOL_MODE).toBe(
      'production',
    );
  });

  it('refuses in demo and test too: the ledger has no other source of keys', () => {
    for (const RISKPOOL_MODE of ['demo', 'test'])
      expect(() => loadConfig(LedgerConfig, { ...SECRET, RISKPOOL_MODE })).toThrow(
        /LEDGER_SIGNING_KEY_FILE/,
      );
  });

  it('starts with a key file, and refuses both sources at once', () => {
    const file = { LEDGER_SIGNING_KEY_FILE: '/run/secrets/ledger-key.pem' };
    expect(loadConfig(LedgerConfig, { ...SECRET, ...file }).LEDGER_SIGNING_KEY_FILE).toBe(
      file.LEDGER_SIGNING_KEY_FILE,
    );
    expect(() =>
      loadConfig(LedgerConfig, { ...SECRET, ...file, LEDGER_SIGNING_KEY_PEM: 'x' }),
    ).toThrow(/both set/);
  });

  it('needs its own service identity key in every mode', () => {
    expect(() =>
      loadConfig(LedgerConfig, {
        ...SECRET,
        RISKPOOL_MODE: 'test',
        LEDGER_IDENTITY_PRIVATE_KEY_PEM: '',
      }),
    ).toThrow(/LEDGER_IDENTITY_PRIVATE_KEY_PEM \(or LEDGER_IDENTITY_PRIVATE_KEY_FILE\) is not set/);
  });
});
