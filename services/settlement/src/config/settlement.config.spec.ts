import { loadConfig } from '@riskpool/service-kit';
import { ed25519Pem, productionKafkaPrincipal } from '@riskpool/testing';
import { SettlementConfig } from './settlement.config';

const SECRET = {
  GATEWAY_IDENTITY_PUBLIC_KEY_PEM: ed25519Pem('public'),
  ...productionKafkaPrincipal('settlement'),
};

describe('settlement configuration in production', () => {
  it('refuses the simulated payment rail', () => {
    expect(() => loadConfig(SettlementConfig, SECRET)).toThrow(
      /PAYMENT_RAIL is SIMULATED, the simulated payment rail/,
    );
  });

  it('starts with the pain.001 file rail', () => {
    expect(
      loadConfig(SettlementConfig, { ...SECRET, PAYMENT_RAIL: 'PAIN001_FILE' }).PAYMENT_RAIL,
    ).toBe('PAIN001_FILE');
  });

  it('keeps the simulated rail for demo and test', () => {
    for (const mode of ['demo', 'test'])
      expect(loadConfig(SettlementConfig, { ...SECRET, RISKPOOL_MODE: mode }).PAYMENT_RAIL).toBe(
        'SIMULATED',
      );
  });
});
