import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '@riskpool/service-kit';
import { SettlementConfig } from './settlement.config';

const SECRET = {
  GATEWAY_IDENTITY_PUBLIC_KEY_PEM: generateKeyPairSync('ed25519')
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString(),
  // The service's own Kafka principal (ADR 0011).
  KAFKA_SASL_USERNAME: 'settlement',
  KAFKA_SASL_PASSWORD: 'Zq3v8Kp1Xw7Lr2Ty9Bn4Md6Hc5Fg0Js',
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
