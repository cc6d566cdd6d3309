import { loadConfig } from '@riskpool/service-kit';
import { ed25519Pem, productionKafkaPrincipal } from '@riskpool/testing';
import { GatewayConfig } from './gateway.config';

const GOOD = {
  GATEWAY_IDENTITY_PRIVATE_KEY_PEM: ed25519Pem('private'),
  ADMIN_API_KEY: 'rpk_prodadmin_prod0123456789abcdef0123456789abcdef',
  API_KEY_PEPPER: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  ...productionKafkaPrincipal('gateway'),
};

describe('gateway configuration in production', () => {
  it('starts with every secret set', () => {
    expect(loadConfig(GatewayConfig, GOOD).RISKPOOL_MODE).toBe('production');
  });

  it('names every missing secret in one message', () => {
    expect(() => loadConfig(GatewayConfig, {})).toThrow(
      /ADMIN_API_KEY is not set[\s\S]*API_KEY_PEPPER is not set[\s\S]*GATEWAY_IDENTITY_PRIVATE_KEY_PEM \(or GATEWAY_IDENTITY_PRIVATE_KEY_FILE\) is not set/,
    );
  });

  it('refuses the old demo admin key and pepper, naming both', () => {
    const run = () =>
      loadConfig(GatewayConfig, {
        ...GOOD,
        ADMIN_API_KEY: 'rpk_admin_riskpool-demo-admin-secret-change-me',
        API_KEY_PEPPER: 'riskpool-demo-api-key-pepper-change-me',
      });
    expect(run).toThrow(/ADMIN_API_KEY is a known demo value/);
    expect(run).toThrow(/API_KEY_PEPPER is a known demo value/);
  });

  it('has no demo fallback in demo mode either', () => {
    expect(() =>
      loadConfig(GatewayConfig, {
        RISKPOOL_MODE: 'demo',
        GATEWAY_IDENTITY_PRIVATE_KEY_PEM: GOOD.GATEWAY_IDENTITY_PRIVATE_KEY_PEM,
      }),
    ).toThrow(/ADMIN_API_KEY is not set[\s\S]*API_KEY_PEPPER is not set/);
  });

  it('needs no public key setting: it signs the identities, and refuses a public key as its signing key', () => {
    const publicPem = ed25519Pem('public');
    expect(() =>
      loadConfig(GatewayConfig, { ...GOOD, GATEWAY_IDENTITY_PRIVATE_KEY_PEM: publicPem }),
    ).toThrow(/GATEWAY_IDENTITY_PRIVATE_KEY is not a PEM private key/);
  });
});
